import { z } from 'zod';

/** A message of the analysis-jobs queue: which row to process (the row holds the rest). */
export const JobMessageSchema = z.object({
  analysis_id: z.uuid(),
  organization_id: z.uuid(),
});
export type JobMessage = z.infer<typeof JobMessageSchema>;

/** Queues a job; throws when the queue refuses (the caller decides what that means). */
export async function enqueueJob(queue: Queue | undefined, job: JobMessage): Promise<void> {
  if (!queue) throw new Error('no analysis-jobs queue is bound');
  await queue.send(job, { contentType: 'json' });
}
