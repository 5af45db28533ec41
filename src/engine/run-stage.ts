import type { EngineEvent } from './protocol';
import type { RunStage, StageName } from '../settings/pretrain';
import type { Recipe } from '../settings/schema';

/** One stage of a two-stage run: its recipe, its place in the run and, in stage 1, its events. */
export interface StageOfRun extends RunStage {
  name: StageName;
  /** Stage 1's events so far (all but phases), kept with its weights in the pretrain cache. */
  events?: EngineEvent[];
}

/** The run's record of `stage`, or undefined for a one-stage run (which reports no stages). */
export function stageOfRun({ name, recipe, offset }: RunStage): StageOfRun | undefined {
  if (!name) return undefined;
  return name === 'pretrain' ? { name, recipe, offset, events: [] } : { name, recipe, offset };
}

/** `emit`, also keeping a first stage's events (all but phases) for the pretrain cache. */
export function keepingStageEvents(
  emit: (event: EngineEvent) => void,
  stage: StageOfRun | undefined,
): (event: EngineEvent) => void {
  const kept = stage?.events;
  if (!kept) return emit;
  return (event) => {
    if (event.type !== 'phase') kept.push(event);
    emit(event);
  };
}

/** What the helpers below read of a run (`Run`, run-lifecycle.ts). */
interface StagedRun {
  /** The recipe the run was started with. */
  recipe: Recipe;
  session: { readonly stepCount: number };
  stage?: StageOfRun;
}

/** The run step `run` is at: its session's steps plus those of the stages before it. */
export function runStep(run: StagedRun): number {
  return (run.stage?.offset ?? 0) + run.session.stepCount;
}

/** The recipe `run`'s session trains: the run's, or its stage's. */
export const sessionRecipe = (run: StagedRun): Recipe => run.stage?.recipe ?? run.recipe;

/** Whether `run` is the last stage of its recipe (a one-stage run always is). */
export const isLastStage = (run: StagedRun): boolean => run.stage?.name !== 'pretrain';
