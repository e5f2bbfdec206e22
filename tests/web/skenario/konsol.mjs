// konsol.mjs - the console's shell: signing in and out, where the token is kept, every screen
// for every role without a script error, the keyboard path and a tablet-width screen.
import { apiOk, assert, BASE, buka, foto, masuk, PEMDA, tenang, token } from '../lib.mjs';

export async function ujiMasukDanKeluar(browser) {
	const context = await browser.newContext({ locale: 'id-ID' });
	const page = await context.newPage();
	const galat = [];
	page.on('pageerror', (e) => galat.push(String(e)));
	page.berjalan = 0; // requests under way, for tenang()
	page.on('request', () => { page.berjalan++; });
	page.on('requestfinished', () => { page.berjalan--; });
	page.on('requestfailed', () => { page.berjalan--; });
	await page.goto(BASE + '/');
	// a token pagu does not know: refused in plain words, nothing kept
	await page.getByLabel('Token akses').fill('pagu_bukanTokenYangBenarSamaSekaliXXXXXXXXXXXXXX');
	await page.getByRole('button', { name: 'Masuk' }).click();
	await page.getByRole('alert').waitFor();
	// the server's own words (Accept-Language: id): its title and its detail
	assert.match(await page.getByRole('alert').innerText(), /Perlu masuk[\s\S]*Token API tidak berlaku/);
	assert.equal(await page.evaluate(() => sessionStorage.getItem('pagu.token')), null);
	await foto(page, 'konsol-token-ditolak');
	// a real one, typed and sent with the keyboard only
	const tok = token('finance');
	await page.getByLabel('Token akses').fill('');
	await page.getByLabel('Token akses').focus();
	await page.keyboard.type(tok);
	await page.keyboard.press('Enter');
	await page.locator('#pengguna').waitFor();
	assert.match(await page.locator('#pengguna').innerText(), /Keuangan/);
	// kept in this tab's session storage only, never in local storage or a cookie
	assert.equal(await page.evaluate(() => sessionStorage.getItem('pagu.token')), tok);
	assert.equal(await page.evaluate(() => localStorage.length), 0);
	assert.deepEqual(await context.cookies(), []);
	// another tab of the same browser does not inherit it
	const other = await context.newPage();
	await other.goto(BASE + '/');
	await other.locator('#token').waitFor({ state: 'attached' });
	assert.equal(await other.evaluate(() => sessionStorage.getItem('pagu.token')), null);
	await other.close();
	await page.bringToFront();
	// signing out forgets it
	await page.getByRole('button', { name: 'Keluar' }).click();
	await page.getByLabel('Token akses').waitFor();
	assert.equal(await page.evaluate(() => sessionStorage.getItem('pagu.token')), null);
	// and signing out while a screen is still loading leaves the plain sign-in form, with no error
	// from that screen's requests (they are no longer signed)
	await page.getByLabel('Token akses').fill(tok);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await page.locator('#pengguna').waitFor();
	await page.getByRole('button', { name: 'Keluar' }).click();
	await tenang(page); // the screen's requests come back, refused now: they must draw nothing
	assert.equal(await page.getByLabel('Token akses').count(), 1);
	assert.equal(await page.locator('main [role=alert]').count(), 0, await page.locator('main').innerText());
	assert.equal(await page.evaluate(() => location.hash), '');
	assert.deepEqual(galat, []);
	await context.close();
}

// Every screen of the menu for every role (and an OPD-scoped planner) draws a heading and
// raises no script error.
export async function ujiSemuaLayarSemuaPeran(browser) {
	const peran = [['planner'], ['planner', '1.02.0.00.0.00.01.0000'], ['finance'], ['finance', '1.02.0.00.0.00.01.0000'],
		['revenue'], ['inspector'], ['admin'], ['admin', '1.02.0.00.0.00.01.0000']];
	for (const [role, opd] of peran) {
		const page = await masuk(browser, token(role, opd));
		const layar = await page.locator('#menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.ok(layar.length >= 5, `menu of ${role}: ${layar}`);
		for (const href of layar) {
			page.ditolak.length = 0;
			await buka(page, href);
			const h1 = page.locator('main h1').first();
			await h1.waitFor();
			assert.ok((await h1.innerText()).trim().length > 0, `${role} ${href}: no heading`);
			// a screen asks only what its role may read, so nothing is refused and no error is shown
			await tenang(page);
			assert.deepEqual(page.ditolak, [], `${role}${opd ? ' ' + opd : ''} ${href}: refused requests`);
			assert.equal(await page.locator('main [role=alert]').count(), 0,
				`${role}${opd ? ' ' + opd : ''} ${href}: ${await page.locator('main [role=alert]').allInnerTexts()}`);
		}
		assert.deepEqual(page.galat, [], `${role}${opd ? ' ' + opd : ''}: script errors`);
		await page.context().close();
	}
}

// Reachable from the keyboard: the skip link first, then the menu; and readable at tablet width.
export async function ujiPapanKetikDanTablet(browser) {
	const page = await masuk(browser, token('inspector'), '#/ringkasan');
	// a screen puts the focus on its heading; from the top of the page instead:
	await page.evaluate(() => {
		document.body.tabIndex = -1;
		document.body.focus();
		document.body.removeAttribute('tabindex');
	});
	await page.keyboard.press('Tab');
	const first = await page.evaluate(() => document.activeElement.textContent);
	assert.equal(first, 'Lewati ke isi');
	// Tab on to the menu's links, each focusable and announced by its name
	const seen = [];
	for (let i = 0; i < 12; i++) {
		await page.keyboard.press('Tab');
		seen.push(await page.evaluate(() => document.activeElement.textContent.trim()));
	}
	for (const name of ['Ringkasan', 'OPD', 'e-Monev']) assert.ok(seen.includes(name), `Tab never reached ${name}: ${seen}`);
	// Enter on a focused menu link opens its screen
	while ((await page.evaluate(() => document.activeElement.textContent.trim())) !== 'e-Monev') await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => location.hash === '#/monev');
	await page.locator('main .layar:not([aria-busy])').waitFor();
	// a tablet (800 px) in portrait: on every screen, nothing wider than the screen but the tables'
	// own scrolling boxes
	await page.setViewportSize({ width: 800, height: 1100 });
	const rka = (await apiOk(token('finance'), 'GET', `/v1/pemda/${PEMDA}/dokumen?tahun=2026&jenis=rka&limit=1`)).items[0];
	for (const l of ['ringkasan', 'opd', 'opd/1.02.0.00.0.00.01.0000', 'perencanaan', `perencanaan/dokumen/${rka.id}`, 'keuangan',
		`keuangan/dokumen/${rka.id}`, 'keuangan/kantong', 'monev']) {
		await buka(page, '#/' + l);
		await tenang(page);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 1, `#/${l} is ${overflow}px wider than a tablet screen`);
	}
	await buka(page, '#/ringkasan');
	await tenang(page);
	await foto(page, 'konsol-tablet-ringkasan');
	assert.deepEqual(page.galat, []);
	await page.context().close();
}
