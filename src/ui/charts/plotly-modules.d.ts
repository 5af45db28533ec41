/** Types for Plotly's partial-bundle entry points, which @types/plotly.js does not declare. */
declare module 'plotly.js/lib/core' {
  import * as Plotly from 'plotly.js';
  export default Plotly;
}
declare module 'plotly.js/lib/scatter' {
  import type { PlotlyModule } from 'plotly.js';
  const trace: PlotlyModule;
  export default trace;
}
declare module 'plotly.js/lib/bar' {
  import type { PlotlyModule } from 'plotly.js';
  const trace: PlotlyModule;
  export default trace;
}
declare module 'plotly.js/lib/heatmap' {
  import type { PlotlyModule } from 'plotly.js';
  const trace: PlotlyModule;
  export default trace;
}
