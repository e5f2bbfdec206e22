/* sealer.h - the background thread that seals every pemda's new ledger entries periodically. */
#ifndef PAGU_SEALER_H
#define PAGU_SEALER_H

struct sealer;

/*
 * Every @interval seconds, seals the entries not yet sealed of every pemda that has
 * some (ledger_seal, one transaction per pemda, on its own connection). NULL when
 * @interval is 0 (sealing only on request). Failures are logged and retried next time.
 */
struct sealer *sealer_start(const char *conninfo, unsigned interval);
/* Stops the thread and waits for it. Accepts NULL. */
void sealer_stop(struct sealer *s);

#endif
