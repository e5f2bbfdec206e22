// aksesibilitas.mjs - every screen, for three kinds of user, checked by axe-core (npm, pinned) against
// WCAG 2.1 A and AA: labels, names, contrast, landmarks, focusable scrolling regions, ARIA. Also the
// screens with their forms open and a confirmation dialog. Any violation fails, with its nodes.
import { readFileSync } from 'node:fs';
import { assert, buka, PEMDA, apiOk, tenang, token, BASE } from '../lib.mjs';

const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

// The console's CSP admits only its own scripts: the test context bypasses it to load axe.
async function halaman(browser, tok) {
	const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
	const page = await context.newPage();
	page.galat = [];
	page.berjalan = 0;
	page.on('pageerror', (e) => page.galat.push(String(e)));
	page.on('request', () => { page.berjalan++; });
	page.on('requestfinished', () => { page.berjalan--; });
	page.on('requestfailed', () => { page.berjalan--; });
	await page.goto(BASE + '/');
	return page;
}

async function periksa(page, nama) {
	if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: AXE });
	const hasil = await page.evaluate(async () => (await window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
	})).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`));
	assert.deepEqual(hasil, [], `${nama}: accessibility violations`);
}

export async function ujiAksesibilitas(browser) {
	const P = `/v1/pemda/${PEMDA}`;
	const keu = token('finance');
	const apbd = (await apiOk(keu, 'GET', `${P}/dokumen?tahun=2026&jenis=apbd`)).items[0];
	const rka = (await apiOk(keu, 'GET', `${P}/dokumen?tahun=2026&jenis=rka&opd=1.02.0.00.0.00.01.0000`)).items[0];
	const siapa = [
		['finance', keu, ['ringkasan', 'opd', 'opd/1.02.0.00.0.00.01.0000', 'perencanaan', `keuangan/dokumen/${apbd.id}`,
			`keuangan/dokumen/${rka.id}`, 'keuangan', 'keuangan/kantong', 'monev']],
		['planner scoped', token('planner', '1.02.0.00.0.00.01.0000'), ['opd/1.02.0.00.0.00.01.0000', 'perencanaan',
			`perencanaan/dokumen/${rka.id}`, 'monev']],
		['inspector', token('inspector'), ['ringkasan', 'monev']],
	];
	for (const [nama, tok, layar] of siapa) {
		const page = await halaman(browser, tok);
		await periksa(page, `${nama} sign-in page`);
		await page.getByLabel('Token akses').fill(tok);
		await page.getByRole('button', { name: 'Masuk' }).click();
		await page.locator('#pengguna').waitFor();
		for (const l of layar) {
			await buka(page, '#/' + l);
			await tenang(page);
			await periksa(page, `${nama} #/${l}`);
		}
		assert.deepEqual(page.galat, []);
		await page.context().close();
	}
	// a confirmation dialog open: the finance user about to lock a verified RKA, with the dry run's
	// rules shown (closed with Escape: nothing is locked)
	const page = await halaman(browser, keu);
	await page.getByLabel('Token akses').fill(keu);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await page.locator('#pengguna').waitFor();
	assert.equal(rka.status, 'verified');
	await buka(page, `#/keuangan/dokumen/${rka.id}`);
	await tenang(page);
	await page.getByRole('button', { name: 'Kunci', exact: true }).click();
	await page.getByRole('dialog').waitFor();
	await tenang(page);
	await periksa(page, 'finance, the lock dialog open');
	await page.keyboard.press('Escape');
	await page.getByRole('dialog').waitFor({ state: 'detached' });
	assert.equal((await apiOk(keu, 'GET', `${P}/dokumen/${rka.id}`)).status, 'verified');
	// and a pocket opened, with its entries and the SP2D form
	await buka(page, `#/keuangan/kantong`);
	await tenang(page);
	const pertama = page.getByRole('button', { name: /^Lihat entri kantong/ }).first();
	await pertama.click();
	await page.locator('.kantong-terpilih').waitFor();
	await tenang(page);
	await periksa(page, 'finance, a pocket open');
	await page.context().close();
}
