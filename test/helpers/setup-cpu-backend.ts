// Every Node test runs tfjs on its CPU backend, as the headless runner does.
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');
await tf.ready();
