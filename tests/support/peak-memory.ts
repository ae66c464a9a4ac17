/**
 * Loaded into a child process (`--import` this file, with PEAK_MEMORY_FILE set) to record the most memory it
 * held, so a test can bound a command's memory without depending on how fast the machine is.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.PEAK_MEMORY_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
