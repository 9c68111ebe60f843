/* The C half of the saasapi SQLite extension: the sqlite3_module, the
 * saasapi_connect() function and the entry point sqlite3_saasapi_init,
 * over sqlite3ext.h. Every method hands over to Go (ext.go), which keeps
 * its objects behind runtime/cgo handles stored in the structs below. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stdlib.h>
#include <string.h>

#include "shim.h"
#include "_cgo_export.h"

typedef struct saas_vtab {
	sqlite3_vtab base;
	uintptr_t h; /* Go *xtable */
} saas_vtab;

typedef struct saas_cursor {
	sqlite3_vtab_cursor base;
	uintptr_t h; /* Go *xcursor */
} saas_cursor;

/* set_error hands a Go error message (malloc'ed) to SQLite. */
static void set_error(sqlite3_vtab *tab, char *err) {
	sqlite3_free(tab->zErrMsg);
	tab->zErrMsg = sqlite3_mprintf("%s", err ? err : "saasapi: error");
	free(err);
}

static int saas_init(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **out, char **pzErr) {
	char *decl = 0, *err = 0;
	uintptr_t h = goVTabConnect((uintptr_t)aux, db, argc, (char **)argv, &decl, &err);
	if (h == 0) {
		*pzErr = sqlite3_mprintf("%s", err ? err : "saasapi: cannot connect");
		free(err);
		return SQLITE_ERROR;
	}
	int rc = sqlite3_declare_vtab(db, decl);
	free(decl);
	if (rc != SQLITE_OK) {
		goVTabRelease(h);
		return rc;
	}
	saas_vtab *v = sqlite3_malloc(sizeof(*v));
	if (v == 0) {
		goVTabRelease(h);
		return SQLITE_NOMEM;
	}
	memset(v, 0, sizeof(*v));
	v->h = h;
	*out = &v->base;
	return SQLITE_OK;
}

/* xCreate and xConnect differ, so the module is not eponymous: a table is
 * made by CREATE VIRTUAL TABLE … USING saasapi(…) or saasapi_connect(). */
static int saas_create(sqlite3 *db, void *aux, int argc, const char *const *argv,
                       sqlite3_vtab **out, char **pzErr) {
	return saas_init(db, aux, argc, argv, out, pzErr);
}

static int saas_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **pzErr) {
	return saas_init(db, aux, argc, argv, out, pzErr);
}

static int saas_best_index(sqlite3_vtab *tab, sqlite3_index_info *info) {
	char *err = 0;
	int rc = goBestIndex(((saas_vtab *)tab)->h, info, &err);
	if (rc != SQLITE_OK) {
		set_error(tab, err);
	}
	return rc;
}

static int saas_disconnect(sqlite3_vtab *tab) {
	goVTabRelease(((saas_vtab *)tab)->h);
	sqlite3_free(tab);
	return SQLITE_OK;
}

static int saas_open(sqlite3_vtab *tab, sqlite3_vtab_cursor **out) {
	saas_cursor *c = sqlite3_malloc(sizeof(*c));
	if (c == 0) {
		return SQLITE_NOMEM;
	}
	memset(c, 0, sizeof(*c));
	char *err = 0;
	int rc = goOpen(((saas_vtab *)tab)->h, &c->h, &err);
	if (rc != SQLITE_OK) {
		set_error(tab, err);
		sqlite3_free(c);
		return rc;
	}
	*out = &c->base;
	return SQLITE_OK;
}

static int saas_close(sqlite3_vtab_cursor *cur) {
	goClose(((saas_cursor *)cur)->h);
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int saas_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                       int argc, sqlite3_value **argv) {
	char *err = 0;
	int rc = goFilter(((saas_cursor *)cur)->h, idxNum, (char *)idxStr, argc, argv, &err);
	if (rc != SQLITE_OK) {
		set_error(cur->pVtab, err);
	}
	return rc;
}

static int saas_next(sqlite3_vtab_cursor *cur) {
	char *err = 0;
	int rc = goNext(((saas_cursor *)cur)->h, &err);
	if (rc != SQLITE_OK) {
		set_error(cur->pVtab, err);
	}
	return rc;
}

static int saas_eof(sqlite3_vtab_cursor *cur) {
	return goEOF(((saas_cursor *)cur)->h);
}

/* A failing xColumn has set the error with sqlite3_result_error. */
static int saas_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i) {
	return goColumn(((saas_cursor *)cur)->h, ctx, i);
}

static int saas_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid) {
	char *err = 0;
	int rc = goRowid(((saas_cursor *)cur)->h, rowid, &err);
	if (rc != SQLITE_OK) {
		set_error(cur->pVtab, err);
	}
	return rc;
}

static sqlite3_module saas_module = {
	.iVersion = 0,
	.xCreate = saas_create,
	.xConnect = saas_connect,
	.xBestIndex = saas_best_index,
	.xDisconnect = saas_disconnect,
	.xDestroy = saas_disconnect,
	.xOpen = saas_open,
	.xClose = saas_close,
	.xFilter = saas_filter,
	.xNext = saas_next,
	.xEof = saas_eof,
	.xColumn = saas_column,
	.xRowid = saas_rowid,
};

/* saas_eponymous_module is saas_module without xCreate: a module of this
 * kind, registered under a table's own name, is that table on every
 * schema lookup of the connection, with no CREATE VIRTUAL TABLE (and no
 * row in sqlite_master). The extension makes the tables that need inputs
 * (reports) such modules next to a database file's tables. */
static sqlite3_module saas_eponymous_module = {
	.iVersion = 0,
	.xCreate = 0,
	.xConnect = saas_connect,
	.xBestIndex = saas_best_index,
	.xDisconnect = saas_disconnect,
	.xDestroy = saas_disconnect,
	.xOpen = saas_open,
	.xClose = saas_close,
	.xFilter = saas_filter,
	.xNext = saas_next,
	.xEof = saas_eof,
	.xColumn = saas_column,
	.xRowid = saas_rowid,
};

/* saas_free_handle deletes the Go handle of a module's aux data. */
static void saas_free_handle(void *p) {
	goCloseDB((uintptr_t)p);
}

int saas_create_eponymous(sqlite3 *db, const char *name, uintptr_t h) {
	return sqlite3_create_module_v2(db, name, &saas_eponymous_module, (void *)h, saas_free_handle);
}

static void saas_connect_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	goConnectFunc(ctx, argc, argv);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_saasapi_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
	SQLITE_EXTENSION_INIT2(pApi);
	uintptr_t h = goOpenDB();
	int rc = sqlite3_create_module_v2(db, "saasapi", &saas_module, (void *)h, saas_free_handle);
	int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "saasapi_connect", 1, flags, (void *)h, saas_connect_func, 0, 0, 0);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "saasapi_connect", 2, flags, (void *)h, saas_connect_func, 0, 0, 0);
	}
	if (rc != SQLITE_OK) {
		*pzErrMsg = sqlite3_mprintf("saasapi: cannot register the saasapi module: %s", sqlite3_errmsg(db));
		return rc;
	}
	goInitDB(db, h);
	return rc;
}

/* Wrappers over the sqlite3_api macros, for Go. */

int saas_value_type(sqlite3_value *v) { return sqlite3_value_type(v); }
sqlite3_int64 saas_value_int64(sqlite3_value *v) { return sqlite3_value_int64(v); }
double saas_value_double(sqlite3_value *v) { return sqlite3_value_double(v); }
const char *saas_value_text(sqlite3_value *v) { return (const char *)sqlite3_value_text(v); }
const void *saas_value_blob(sqlite3_value *v) { return sqlite3_value_blob(v); }
int saas_value_bytes(sqlite3_value *v) { return sqlite3_value_bytes(v); }

void saas_result_int64(sqlite3_context *ctx, sqlite3_int64 v) { sqlite3_result_int64(ctx, v); }
void saas_result_double(sqlite3_context *ctx, double v) { sqlite3_result_double(ctx, v); }
void saas_result_text(sqlite3_context *ctx, const char *p, int n) {
	sqlite3_result_text(ctx, n > 0 ? p : "", n, SQLITE_TRANSIENT);
}
void saas_result_null(sqlite3_context *ctx) { sqlite3_result_null(ctx); }
void saas_result_error(sqlite3_context *ctx, const char *msg) { sqlite3_result_error(ctx, msg, -1); }
sqlite3 *saas_context_db(sqlite3_context *ctx) { return sqlite3_context_db_handle(ctx); }
uintptr_t saas_user_data(sqlite3_context *ctx) { return (uintptr_t)sqlite3_user_data(ctx); }

const char *saas_collation(sqlite3_index_info *info, int i) { return sqlite3_vtab_collation(info, i); }

char *saas_strdup(const char *s) { return sqlite3_mprintf("%s", s); }

int saas_exec(sqlite3 *db, const char *sql, char **err) {
	char *msg = 0;
	int rc = sqlite3_exec(db, sql, 0, 0, &msg);
	if (rc != SQLITE_OK) {
		*err = strdup(msg ? msg : sqlite3_errmsg(db));
	}
	sqlite3_free(msg);
	return rc;
}

/* saas_query_text runs sql with arg bound to ?1 (unless arg is NULL) and
 * returns the first column of the first row (malloc'ed) in *out, or NULL
 * when there is no row. */
int saas_query_text(sqlite3 *db, const char *sql, const char *arg, char **out, char **err) {
	sqlite3_stmt *st = 0;
	*out = 0;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
	if (rc == SQLITE_OK && arg) {
		rc = sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);
			*out = strdup(t ? t : "");
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK) {
		*err = strdup(sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}
