/* Declarations shared by shim.c and the Go side of the saasapi SQLite
 * extension. sqlite3ext.h routes every sqlite3_* call through the
 * sqlite3_api table that the host hands to sqlite3_saasapi_init, so the
 * extension links no SQLite of its own. Its sqlite3_result_* and
 * sqlite3_value_* are macros: Go calls them through these wrappers. */
#ifndef SAASAPI_SHIM_H
#define SAASAPI_SHIM_H

#include <stdint.h>
#include <sqlite3ext.h>

int saas_value_type(sqlite3_value *v);
sqlite3_int64 saas_value_int64(sqlite3_value *v);
double saas_value_double(sqlite3_value *v);
const char *saas_value_text(sqlite3_value *v);
const void *saas_value_blob(sqlite3_value *v);
int saas_value_bytes(sqlite3_value *v);

void saas_result_int64(sqlite3_context *ctx, sqlite3_int64 v);
void saas_result_double(sqlite3_context *ctx, double v);
void saas_result_text(sqlite3_context *ctx, const char *p, int n);
void saas_result_null(sqlite3_context *ctx);
void saas_result_error(sqlite3_context *ctx, const char *msg);
sqlite3 *saas_context_db(sqlite3_context *ctx);
uintptr_t saas_user_data(sqlite3_context *ctx);
int saas_create_eponymous(sqlite3 *db, const char *name, uintptr_t h);

const char *saas_collation(sqlite3_index_info *info, int i);
char *saas_strdup(const char *s);
int saas_exec(sqlite3 *db, const char *sql, char **err);
int saas_query_text(sqlite3 *db, const char *sql, const char *arg, char **out, char **err);

#endif
