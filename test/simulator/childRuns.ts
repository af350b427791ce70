// Child runs: a tool node marked `startsChildRun` starts a real run of its tool's workflow each time it
// executes. The child is fed the node's computed config, shares its parent's traceUuid, starts once the
// node's execution has started and finishes before it does (its steps fit in the node's time), and
// ends as the node does (a failed node's child fails). Children are planned when their parent is.
import { nodeInputs } from './context';
import { stepsOf } from './lifecycle';
import { newSimRun, type SimRun, type SimStep, type World } from './model';
import { profileFor } from './records';
import { identityOfInput } from './world';

/**
 * Plans the child runs of a run whose workflow has tool nodes that start them, and hands each to
 * `register` (which adds it to the world's lists). Nothing for other runs.
 */
export function startChildRuns(world: World, run: SimRun, register: (child: SimRun) => void): void {
  if (run.outcome === 'skipped' || !run.workflow.blueprint.nodes.some((n) => n.startsChildRun)) return;
  const profile = profileFor(world.seed, run.recordKey, run.input);
  for (const step of stepsOf(world, run, profile)) {
    if (!step.node.blueprint.startsChildRun || step.keptFrom) continue;
    const tool = world.workflows.find((w) => w.key === step.node.blueprint.toolKey);
    if (!tool) continue;
    const input = nodeInputs(world, run, step, profile).config;
    const duration = step.end - step.start;
    const lead = Math.max(1, Math.floor(duration / 10));
    const identity = identityOfInput(world, tool, run.recordKey, input);
    const child = newSimRun(world.seed, {
      key: `${run.key}:child:${step.index}`,
      workflow: tool,
      batch: null,
      recordId: identity.id,
      recordTitle: identity.title,
      recordKey: run.recordKey,
      input,
      userUuid: run.userUuid,
      createdAt: step.start,
      startAt: step.start + lead,
      // Its usual path (start, the work, end) in the node's time, a lead short of each end.
      stepMs: Math.max(1, Math.floor((duration - 2 * lead) / tool.nodes.length)),
      outcome: step.status === 'success' ? 'success' : 'error',
      parent: { run, node: step.node, stepIndex: step.index },
      hostile: run.hostile === undefined ? undefined : 'strings',
      cancelAt: run.cancelAt,
    });
    stepsOf(world, child);
    (run.childRuns ??= []).push(child);
    register(child);
  }
}

/** The child run an execution started: its own, or for an execution a retry kept, its original's. */
export function childRunOf(run: SimRun, step: SimStep): SimRun | undefined {
  if (step.keptFrom) return step.keptFrom.childRuns?.find((child) => child.parent?.node === step.node);
  return run.childRuns?.find((child) => child.parent?.stepIndex === step.index);
}
