// What the kernel says about a process we started: CPU time and memory, read from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond;

function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time a live process has used so far in user and system mode, in ms; undefined once gone. */
export function cpuSplitMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): state is first,
    // utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (ticks) => (Number(ticks) * 1000) / clockTicks();
    return { user: ms(fields[11]), sys: ms(fields[12]) };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a live process has used so far, in ms; undefined once it is gone. */
export function cpuMs(pid) {
  const split = cpuSplitMs(pid);
  return split && split.user + split.sys;
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MB. */
export function memoryMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: undefined, hwmMb: undefined };
  }
}

/** The soft limit on open files of a live process. */
export function openFilesLimit(pid) {
  try {
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
    return soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return undefined;
  }
}

/**
 * CPU time of every thread of a live process, in ns, from /proc/PID/task/TID/schedstat
 * (nanosecond resolution, where /proc/PID/stat counts 10 ms ticks); undefined once it is gone.
 */
export function cpuNs(pid) {
  const split = cpuSplitNs(pid);
  return split && split.main + split.others;
}

/**
 * The same, split between the main thread (a Node program's JavaScript) and the others (V8's
 * compiler and garbage-collector threads, libuv's pool); undefined once the process is gone.
 */
export function cpuSplitNs(pid) {
  try {
    const split = { main: 0, others: 0 };
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        if (tid === String(pid)) split.main += ns;
        else split.others += ns;
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return split;
  } catch {
    return undefined;
  }
}
