import type { ReportingTechniqueId, ReportValues } from '../../src/settings/techniques';
import type { TechniqueEvent } from '../../src/store/run-state';

/** A technique-metrics event of technique `id` at `step`, one `[name, values]` pair per layer. */
export const techniqueEvent = <Id extends ReportingTechniqueId>(
  id: Id,
  step: number,
  layers: [string, ReportValues<Id>][],
) =>
  ({
    type: 'technique-metrics',
    step,
    technique: id,
    layers: layers.map(([name, values]) => ({ name, values })),
  }) as TechniqueEvent<Id>;
