import { PlotExport } from './PlotExport';
import { TorchExport } from './TorchExport';
import { WeightsExport, type WeightsExportProps } from './WeightsExport';

/**
 * Exports of what is on screen now: any plot as PNG or SVG, and the current model's weights (FP
 * in tfjs format and the integer codes at a chosen bit width, sent by the engine as one file), and
 * the recipe as a PyTorch script.
 */
export function CurrentRunExports({ onExportWeights }: WeightsExportProps) {
  return (
    <fieldset className="run-current" data-testid="current-exports">
      <legend>Export what is on screen</legend>
      <PlotExport />
      <WeightsExport onExportWeights={onExportWeights} />
      <TorchExport />
    </fieldset>
  );
}
