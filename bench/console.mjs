// console.mjs - how long the web console takes to draw its screens in headless Chromium, against
// a running `pagu serve`: the median of 5 rounds per screen, and its ratio to the median of a
// baseline measured in the same rounds (drawing the sign-in page, which loads only the console's files).
//
//   node bench/console.mjs http://127.0.0.1:8080 TOKEN [OPD]
//
// Needs tests/web's npm packages (./run test installs them) and /usr/bin/chromium. A screen is
// drawn when no request has been under way for 300 ms; that wait is not counted.
import { chromium } from '../tests/web/node_modules/playwright-core/index.mjs';

const [base, tok, opd = '1.02.0.00.0.00.01.0000'] = process.argv.slice(2);
if (!base || !tok) {
	console.error('usage: node bench/console.mjs URL TOKEN [OPD]');
	process.exit(2);
}
const screens = ['ringkasan', `opd/${opd}`, 'perencanaan', 'keuangan', 'keuangan/kantong', 'monev'];
const browser = await chromium.launch({ executablePath: process.env.PAGU_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const times = { masuk: [] };
for (const s of screens) times[s] = [];
for (let round = 0; round < 5; round++) {
	const context = await browser.newContext();
	const page = await context.newPage();
	let open = 0;
	page.on('request', () => open++);
	page.on('requestfinished', () => open--);
	page.on('requestfailed', () => open--);
	const settled = async () => {
		for (let quiet = 0; quiet < 300;) {
			await page.waitForTimeout(25);
			quiet = open <= 0 ? quiet + 25 : 0;
		}
	};
	let t = Date.now();
	await page.goto(base + '/');
	await page.getByLabel('Token akses').waitFor();
	await settled();
	times.masuk.push(Date.now() - t - 300);
	await page.getByLabel('Token akses').fill(tok);
	for (const s of screens) {
		t = Date.now();
		if (s === 'ringkasan') await page.getByRole('button', { name: 'Masuk' }).click();
		else await page.evaluate((x) => { location.hash = '#/' + x; }, s);
		await page.locator('main .layar:not([aria-busy])').waitFor();
		await settled();
		times[s].push(Date.now() - t - 300);
	}
	await context.close();
}
await browser.close();
const baseline = median(times.masuk);
console.log(`console_signin_page_ms ${baseline} ms (baseline: the console's own files)`);
for (const s of screens) {
	const m = median(times[s]);
	console.log(`console_${s.replace(/[^a-z]+/g, '_').replace(/_+$/, '')}_ms ${m} ms ratio_to_baseline ${(m / Math.max(baseline, 1)).toFixed(1)}`);
}
