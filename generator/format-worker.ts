/** One share of formatFiles' work, in a worker thread: formats the files it is given and posts them back. */
import { parentPort, workerData } from 'node:worker_threads';
import { formatText } from './format.js';

const jobs = workerData as [string, string][];
const formatted = await Promise.all(jobs.map(async ([path, text]) => [path, await formatText(path, text)] as const));
parentPort?.postMessage(formatted);
