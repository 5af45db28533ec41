/** The disk loader lives with the scripts, so the headless runner and the tests share it. */
export { loadAssetFromDisk } from '../../scripts/lib/load-asset';
