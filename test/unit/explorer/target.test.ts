// What a row of the Runs view stands for when a command is invoked on it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch, Execution, Run } from '../../../src/api';
import type { BatchNode, ExecutionNode, RunNode, StartedGroupNode, WorkflowGroupNode } from '../../../src/explorer/explorerNodes';
import { isExplorerNode, targetOfNode } from '../../../src/explorer/target';

describe('explorer rows as command targets', () => {
  const batch = { uuid: 'b', workflowUuid: 'w' } as unknown as Batch;
  const run = { uuid: 'r', workflowUuid: 'w' } as unknown as Run;
  const execution = { nodeUuid: 'n', nodeSlug: 'enrich' } as unknown as Execution;
  const workflow = { kind: 'workflow', id: 'workflow:w', parent: undefined, workflowUuid: 'w', name: 'Enrich' } as unknown as WorkflowGroupNode;
  const batchNode = { kind: 'batch', id: 'batch:b', parent: undefined, batch } as unknown as BatchNode;
  const runNode = { kind: 'run', id: 'run:r', parent: batchNode, run } as RunNode;
  const started = { kind: 'started', id: 'started', parent: undefined, count: 1 } as StartedGroupNode;
  const startedRun = { kind: 'run', id: 'started:r', parent: started, run } as RunNode;
  const executionNode: ExecutionNode = { kind: 'execution', id: 'exec:r:2', parent: runNode, execution, index: 2, nodeName: undefined };

  test('a workflow, a batch, a run (with its batch when under it), an execution of a run', () => {
    assert.deepEqual(targetOfNode(workflow), { kind: 'workflow', workflowUuid: 'w', name: 'Enrich' });
    assert.deepEqual(targetOfNode(batchNode), { kind: 'batch', batch });
    assert.deepEqual(targetOfNode(runNode), { kind: 'run', runUuid: 'r', run, batch });
    assert.deepEqual(targetOfNode(startedRun), { kind: 'run', runUuid: 'r', run }, 'a run started from VS Code is under no batch');
    assert.deepEqual(targetOfNode(executionNode), { kind: 'run', runUuid: 'r', run, batch, execution: { index: 2, execution } });
    assert.equal(targetOfNode(started), undefined, 'a group stands for nothing a command acts on');
  });

  test('rows are told from other arguments (commands are called with anything)', () => {
    assert.ok(isExplorerNode(runNode));
    assert.equal(isExplorerNode({ kind: 'example', id: 'example:x' }), false, 'a row of the Failures view');
    assert.equal(isExplorerNode('run:r'), false);
    assert.equal(isExplorerNode(null), false);
  });
});
