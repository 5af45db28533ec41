/**
 * train.py's float pretraining (pretrainSteps > 0): stage 1 of the lab's two-stage run
 * (src/settings/pretrain.ts, src/engine/run-lifecycle.ts), before the recipe's own training.
 */
export const PY_PRETRAIN = String.raw`
class StageRecipe:
    """RECIPE as stage 1 of a two-stage run sees it, inside a with block: the recipe with
    RECIPE["pretrain"]["overrides"] on top (src/settings/pretrain.ts pretrainRecipe: pretrainSteps
    steps at the pretraining learning rate, every technique off, no PTQ sweep; same data, model,
    seed, optimizer, schedule and batch size). The recipe's own values come back on exit."""

    def __enter__(self):
        overrides = RECIPE["pretrain"]["overrides"]
        self.kept = {key: RECIPE[key] for key in overrides}
        RECIPE.update(overrides)

    def __exit__(self, *_):
        RECIPE.update(self.kept)


def pretrain_offset():
    """Run steps before the recipe's own training: the pretraining's, or 0."""
    return RECIPE["pretrain"]["steps"] if RECIPE["pretrain"] else 0


def pretrain(device, tensors, batch_at, report=None):
    """Stage 1: a fresh Recipe (its own optimizer, from --state's initial weights when given)
    trained for the pretraining's steps on batch_at(step), its learning-rate schedule over those
    steps. report(run, step, total, loss, terms) hears each step. Returns the trained model and
    each step's (loss, terms); stage 2 then starts from the model's weights and BN statistics
    with a fresh optimizer and a fresh batch order (the lab's init=previous, a new session)."""
    losses = []
    with StageRecipe():
        run = Recipe(device, tensors)
        total = RECIPE["steps"]
        for step in range(1, total + 1):
            x, y = batch_at(step)
            loss, terms = run.step(x.to(device), y.to(device), step, total)
            if not math.isfinite(loss):
                fail(f"the loss is {loss} at pretraining step {step} (terms {terms})")
            losses.append({"loss": loss, "terms": terms})
            if report:
                report(run, step, total, loss, terms)
    return run.model, losses


def pretrained_copy(model, device):
    """A new model holding model's weights and BN statistics (models/copy-weights.ts), or None."""
    if model is None:
        return None
    out = build_model()
    out.load_state_dict(model.state_dict())
    return out.to(device)


def pretrain_reporter(test, device, rank):
    """Stage 1's report on the lab's cadences, run steps and "stage": "pretrain" (process 0)."""
    def report(run, step, total, loss, terms):
        if rank != 0 or (step % RECIPE["metricsEvery"] and step != total):
            return
        line = {"stage": "pretrain", "step": step, "loss": loss, "terms": terms, "lr": learning_rate_at(step, total)}
        if step % RECIPE["evalEvery"] == 0 or step == total:
            line["testAccuracy"] = evaluate(run.model, *test, min(RECIPE["testExamples"], len(test[1])), device)
        print(json.dumps(line), flush=True)
    return report
`;
