// ref.js - the national nomenklatur as the screens need it: each query fetched once per tab and
// shared, and the names of sub kegiatan codes looked up from what was fetched.
import { semua } from './api.js';

const kolam = new Map(); // query -> Promise<items>
const namaSub = new Map(); // "tahun|kode" -> name

// Sub kegiatan under @prefix (any level) for a year and a level of government (kabkota, provinsi).
export function nomenklatur(tahun, jenis, prefix) {
	const q = `/v1/ref/nomenklatur?tahun=${tahun}&level=sub_kegiatan&jenis=${jenis}&prefix=${encodeURIComponent(prefix)}`;
	if (!kolam.has(q)) {
		const p = semua(q, 2000).then((items) => {
			for (const it of items) namaSub.set(`${tahun}|${it.kode}`, it.nama);
			return items;
		});
		p.catch(() => kolam.delete(q));
		kolam.set(q, p);
	}
	return kolam.get(q);
}

// The name of a sub kegiatan code, when a query has brought it; '' otherwise.
export const namaSubKini = (tahun, kode) => namaSub.get(`${tahun}|${kode}`) || '';

// Fetches the names of @kodes (one query per kegiatan) and answers a lookup. Names are a help, not
// a need: a failed query leaves its codes without names.
export async function namaSubKegiatan(tahun, jenis, kodes) {
	const kegiatan = new Set([...kodes].filter(Boolean).map((k) => k.split('.').slice(0, 5).join('.')));
	await Promise.allSettled([...kegiatan].map((k) => nomenklatur(tahun, jenis, k)));
	return (kode) => namaSubKini(tahun, kode);
}
