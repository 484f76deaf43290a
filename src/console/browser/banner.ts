import type { ConsoleStatus } from '../feed-entry.ts';
import { server } from './server.ts';

/** The demo-data banner: what is shown is generated, and how far loading has got (polled while it loads). */
export function watchDemoBanner(banner: HTMLElement): void {
  const show = (status: ConsoleStatus) => {
    const demo = status.demo;
    banner.hidden = demo === null;
    if (demo === null) return;
    const bots = demo.bots.join(', ');
    banner.textContent =
      demo.status === 'loading'
        ? `Demo data — loading a generated month for ${bots}: ${demo.loadedDays} of ${demo.days} days so far, newest first. Recent windows are ready; longer ones fill in as it loads.`
        : `Demo data — ${bots} are generated (seed ${demo.seed}), and keep sending events while botwatch runs. “botwatch demo --remove” deletes them.`;
    banner.classList.toggle('loading', demo.status === 'loading');
  };
  const poll = async () => {
    try {
      const status = await server.status();
      show(status);
      if (status.demo?.status === 'loading') setTimeout(() => void poll(), 2_000);
    } catch {
      setTimeout(() => void poll(), 10_000); // botwatch restarting: ask again later
    }
  };
  void poll();
}
