// lib.mjs - what every browser scenario shares: the server under test, tokens, API calls for
// setting up data, a signed-in page, screenshots and checks.
//
// The environment comes from tests/test_web.c, which starts a private PostgreSQL cluster and
// a real `pagu serve` (nothing mocked): PAGU_URL, PAGU_BIN, PAGU_VAR_DIR, PAGU_SHOTS.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';

export { assert };
export const BASE = process.env.PAGU_URL;
export const SHOTS = process.env.PAGU_SHOTS;
export const PEMDA = '13.71';

// A new token of @role (scoped to @opd when given), made by the real `pagu token create`.
export function token(role, opd = null, pemda = PEMDA) {
	const args = [`--var=${process.env.PAGU_VAR_DIR}`, 'token', 'create', '--pemda', pemda, '--role', role,
		'--name', `uji ${role}${opd ? ' ' + opd : ''}`];
	if (opd) args.push('--opd', opd);
	const out = execFileSync(process.env.PAGU_BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const t = out.trim().split('\n').pop().trim();
	assert.match(t, /^pagu_/, 'pagu token create printed no token');
	return t;
}

// A call to the API for setting up or checking data: {status, data, etag}.
export async function api(tok, method, path, body, headers = {}) {
	const h = { Authorization: 'Bearer ' + tok, ...headers };
	if (body !== undefined) h['Content-Type'] = 'application/json';
	if (method !== 'GET' && !h['Idempotency-Key']) h['Idempotency-Key'] = randomUUID();
	const res = await fetch(BASE + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	let data = null;
	try { data = text ? JSON.parse(text) : null; } catch { data = text; }
	return { status: res.status, data, etag: res.headers.get('etag') };
}

// Like api(), but the status must be @want.
export async function apiOk(tok, method, path, body, want = null) {
	const r = await api(tok, method, path, body);
	if (want ? r.status !== want : r.status >= 300)
		throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.data).slice(0, 500)}`);
	return r.data;
}

// A fresh browser context signed in with @tok, at @hash (e.g. '#/perencanaan').
export async function masuk(browser, tok, hash = '') {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID',
		timezoneId: 'Asia/Jakarta', acceptDownloads: true });
	const page = await context.newPage();
	page.galat = [];
	page.on('pageerror', (e) => page.galat.push(String(e)));
	page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.galat.push(m.text()); });
	// every API answer of 400 and above, and the requests still under way (see tenang)
	page.ditolak = [];
	page.berjalan = 0;
	page.on('request', () => { page.berjalan++; });
	page.on('requestfinished', () => { page.berjalan--; });
	page.on('requestfailed', () => { page.berjalan--; });
	page.on('response', (r) => { if (r.status() >= 400) page.ditolak.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
	await page.goto(BASE + '/');
	await page.getByLabel('Token akses').fill(tok);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await page.locator('#pengguna').waitFor();
	if (hash) {
		await page.evaluate((x) => { location.hash = x; }, hash);
		await page.locator('main .layar:not([aria-busy])').waitFor();
	}
	return page;
}

// Navigates inside the console and waits until the screen has drawn.
export async function buka(page, hash) {
	await page.evaluate((x) => { location.hash = x; }, hash);
	await page.locator('main .layar:not([aria-busy])').waitFor();
}

// Saves a screenshot under the build directory, for a reviewer.
export async function foto(page, nama) {
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/${nama}.png`, fullPage: true });
}

// Waits until the page has had no request under way for 300 ms (a screen has finished loading).
export async function tenang(page, maxMs = 15000) {
	const t0 = Date.now();
	let sepi = 0;
	while (Date.now() - t0 < maxMs) {
		if (page.berjalan <= 0) {
			if ((sepi += 50) >= 300) return;
		} else {
			sepi = 0;
		}
		await page.waitForTimeout(50);
	}
	throw new Error(`requests still under way after ${maxMs} ms`);
}
