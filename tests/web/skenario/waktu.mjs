// waktu.mjs - what day the console takes for today: the calendar's by default (no banner); a
// training installation (pagu serve --today) says so on every screen, before and after signing in,
// and its year and posting dates follow the training date.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, BASE, foto, masuk, token } from '../lib.mjs';

export async function ujiTanpaTanggalLatihan(browser) {
	const health = await (await fetch(BASE + '/v1/health')).json();
	assert.equal(health.tanggal_latihan, false);
	assert.match(health.hari_ini, /^\d{4}-\d{2}-\d{2}$/);
	const page = await masuk(browser, token('finance'));
	assert.equal(await page.locator('#latihan').isVisible(), false, 'no banner without a training date');
	assert.equal(await page.getByLabel('Tahun anggaran').inputValue(), health.hari_ini.slice(0, 4));
	await page.context().close();
}

// A second `pagu serve` on the same cluster with --today, on a port of its own.
async function serverLatihan(tanggal) {
	const dir = mkdtempSync(join(tmpdir(), 'pagu-latihan-'));
	const portFile = join(dir, 'port');
	const env = { ...process.env, PAGU_SEAL_INTERVAL: '0', PAGU_CHECKPOINT_INTERVAL: '0',
		PAGU_CHECKPOINT_LOG: join(dir, 'checkpoint.log') };
	const child = spawn(process.env.PAGU_BIN, [`--var=${process.env.PAGU_VAR_DIR}`, '--listen=127.0.0.1:0',
		`--port-file=${portFile}`, '--no-demo', '--threads=2', `--today=${tanggal}`, 'serve'], { env, stdio: 'ignore' });
	const selesai = new Promise((resolve) => child.on('exit', resolve));
	const t0 = Date.now();
	while (!existsSync(portFile)) {
		if (child.exitCode !== null) throw new Error(`pagu serve --today exited with ${child.exitCode}`);
		if (Date.now() - t0 > 120000) throw new Error('pagu serve --today did not start within 2 minutes');
		await new Promise((r) => setTimeout(r, 100));
	}
	return { base: `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`,
		stop: async () => { child.kill('SIGTERM'); await selesai; } };
}

export async function ujiTanggalLatihan(browser) {
	const srv = await serverLatihan('2027-04-01');
	try {
		const health = await (await fetch(srv.base + '/v1/health')).json();
		assert.equal(health.hari_ini, '2027-04-01');
		assert.equal(health.tanggal_latihan, true);
		const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
		const page = await context.newPage();
		await page.goto(srv.base + '/');
		// on the sign-in screen already
		const tanda = page.getByRole('status').filter({ hasText: 'Instalasi latihan' });
		await tanda.waitFor();
		assert.match(await tanda.innerText(), /tanggal 2027-04-01 sebagai hari ini/);
		await page.getByLabel('Token akses').fill(token('finance'));
		await page.getByRole('button', { name: 'Masuk' }).click();
		await page.locator('#pengguna').waitFor();
		// and after: the year offered is the training date's
		assert.match(await tanda.innerText(), /2027-04-01/);
		assert.equal(await page.getByLabel('Tahun anggaran').inputValue(), '2027');
		await foto(page, 'konsol-tanggal-latihan');
		await context.close();
	} finally {
		await srv.stop();
	}
}
