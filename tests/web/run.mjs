// run.mjs - runs every scenario in skenario/ in headless Debian chromium; exit 1 when one fails.
import { readdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

// scenarios to run (a part of their id): the arguments, or PAGU_WEB_ONLY=a,b (meson test passes the environment)
const only = [...process.argv.slice(2), ...(process.env.PAGU_WEB_ONLY || '').split(',').filter(Boolean)];
const dir = new URL('./skenario/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
const browser = await chromium.launch({
	executablePath: process.env.PAGU_CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
let failed = 0, ran = 0;
for (const f of files) {
	const mod = await import(new URL(f, dir));
	for (const [name, fn] of Object.entries(mod)) {
		if (typeof fn !== 'function' || !name.startsWith('uji')) continue;
		const id = `${f.replace('.mjs', '')}/${name}`;
		if (only.length && !only.some((o) => id.includes(o))) continue;
		ran++;
		const t0 = Date.now();
		try {
			await fn(browser);
			console.log(`ok ${ran} - ${id} (${Date.now() - t0} ms)`);
		} catch (e) {
			failed++;
			console.log(`not ok ${ran} - ${id}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
		}
	}
}
await browser.close();
console.log(`1..${ran}\n# ${ran - failed} passed, ${failed} failed`);
// in Check's words, so ./run's summary counts each scenario
console.log(`Checks: ${ran}, Failures: ${failed}, Errors: 0`);
process.exit(failed || !ran ? 1 : 0);
