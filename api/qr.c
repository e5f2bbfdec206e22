/* qr.c - a QR code as SVG: libqrencode makes the matrix, one path of unit squares draws it. */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

const char *api_qr_svg(struct api_req *r, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return NULL;
	int w = qr->width, q = 4; /* the quiet zone of 4 modules ISO/IEC 18004 asks for */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		QRcode_free(qr);
		return NULL;
	}
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		w + 2 * q, w + 2 * q);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				fprintf(f, "M%d %dh1v1h-1z", x + q, y + q);
	fputs("\"/></svg>", f);
	QRcode_free(qr);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	const char *out = arena_strdup(&r->arena, buf);
	free(buf);
	return out;
}
