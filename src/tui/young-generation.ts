import { PerformanceObserver } from 'node:perf_hooks';

/** Young generation size (both semi-spaces) from which it is held: 2 MB semi-spaces. */
const HOLD_AT_BYTES = 4 * 1024 * 1024;

/**
 * Stops V8's young generation growing once it holds `holdAt` bytes (or at once, if it is that
 * big already). V8 doubles it, up to 16 MB semi-spaces, whenever as many bytes have survived
 * scavenges as it holds; a scrollback always gets there in a flood, because every line it
 * keeps survives. The client's short-lived garbage is a frame's worth, so the full size buys
 * nothing and costs about 25 MB of RSS; held at its very first size (1 MB semi-spaces) a busy
 * room pays for it in CPU, hence one doubling first. `--max-semi-space-size` says
 * this only on the command line, but V8 reads the growth factor each time it would grow, so it
 * can be set now: checked after each garbage collection until the size is reached (it may then
 * grow once more before the check runs). Should a V8 read it only at start-up, the client just
 * keeps using more memory. `node:v8` is loaded here, not at start-up (a few milliseconds).
 */
export async function holdYoungGeneration(holdAt = HOLD_AT_BYTES): Promise<void> {
  const { getHeapSpaceStatistics, setFlagsFromString } = await import('node:v8');
  const hold = (): boolean => {
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if ((young?.space_size ?? 0) < holdAt) return false;
    setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (hold()) return;
  const observer = new PerformanceObserver(() => {
    if (hold()) observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
