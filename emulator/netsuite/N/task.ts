/** N/task double: map/reduce and scheduled tasks are queued in the account (20 units to submit). */
import { account } from '../account';
import { nsError } from '../errors';

export const TaskType = { MAP_REDUCE: 'MAP_REDUCE', SCHEDULED_SCRIPT: 'SCHEDULED_SCRIPT' } as const;
export const TaskStatus = { PENDING: 'PENDING', PROCESSING: 'PROCESSING', COMPLETE: 'COMPLETE', FAILED: 'FAILED' } as const;

export function create(options: { taskType: string; scriptId?: string; deploymentId?: string; params?: Record<string, unknown> }) {
  const t = { taskType: options.taskType, scriptId: options.scriptId || '', deploymentId: options.deploymentId, params: options.params || {} };
  return {
    ...t,
    submit(): string {
      const acct = account();
      acct.charge(20, 'task.submit');
      if (!acct.scripts.has(t.scriptId)) throw nsError('SSS_INVALID_SCRIPT_ID', `No script ${t.scriptId}.`);
      const running = acct.submittedTasks.find((x) => x.scriptId === t.scriptId && x.deploymentId === t.deploymentId && x.status !== TaskStatus.COMPLETE && x.status !== TaskStatus.FAILED);
      if (running && t.taskType === TaskType.MAP_REDUCE) {
        throw nsError('MAP_REDUCE_ALREADY_RUNNING', `Map/reduce ${t.scriptId} deployment ${t.deploymentId} is already queued or running.`);
      }
      const id = `MAPREDUCETASK_${acct.submittedTasks.length + 1}`;
      acct.submittedTasks.push({ id, ...t, status: TaskStatus.PENDING });
      return id;
    },
  };
}

export function checkStatus(options: { taskId: string }) {
  const t = account().submittedTasks.find((x) => x.id === options.taskId);
  if (!t) throw nsError('SSS_INVALID_TASK_ID', `No task ${options.taskId}.`);
  return { taskId: t.id, status: t.status, scriptId: t.scriptId, deploymentId: t.deploymentId };
}
