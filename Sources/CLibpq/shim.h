#include <postgresql/libpq-fe.h>
#include <dlfcn.h>
#include <stddef.h>

/*
 * libpq is loaded on first use (dlopen), not linked: it pulls in some twenty libraries (Kerberos,
 * LDAP, TLS) that every command would otherwise load at start-up, while only a history on a
 * PostgreSQL server needs them. The header only gives the types.
 */
typedef struct {
    PGconn *(*_Nonnull connectdbParams)(const char *const *keywords, const char *const *values, int expand_dbname);
    ConnStatusType (*_Nonnull status)(const PGconn *conn);
    char *(*_Nonnull errorMessage)(const PGconn *conn);
    void (*_Nonnull finish)(PGconn *conn);
    PGresult *(*_Nonnull exec)(PGconn *conn, const char *query);
    PGresult *(*_Nonnull execParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                                     const char *const *paramValues, const int *paramLengths,
                                     const int *paramFormats, int resultFormat);
    ExecStatusType (*_Nonnull resultStatus)(const PGresult *res);
    char *(*_Nonnull resultErrorMessage)(const PGresult *res);
    void (*_Nonnull clear)(PGresult *res);
    int (*_Nonnull ntuples)(const PGresult *res);
    int (*_Nonnull getisnull)(const PGresult *res, int tup_num, int field_num);
    char *(*_Nonnull getvalue)(const PGresult *res, int tup_num, int field_num);
} StagecraftLibpq;

/* Fills `table` with libpq's functions, loading the library; 0 when done, -1 when libpq.so.5 or one of them is missing. */
static inline int stagecraft_libpq_open(StagecraftLibpq *_Nonnull table) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return -1;
    void *symbols[12];
    const char *names[12] = {"PQconnectdbParams", "PQstatus", "PQerrorMessage", "PQfinish", "PQexec", "PQexecParams",
                             "PQresultStatus", "PQresultErrorMessage", "PQclear", "PQntuples", "PQgetisnull",
                             "PQgetvalue"};
    for (int index = 0; index < 12; index++) {
        symbols[index] = dlsym(library, names[index]);
        if (symbols[index] == NULL) return -1;
    }
    table->connectdbParams = symbols[0];
    table->status = symbols[1];
    table->errorMessage = symbols[2];
    table->finish = symbols[3];
    table->exec = symbols[4];
    table->execParams = symbols[5];
    table->resultStatus = symbols[6];
    table->resultErrorMessage = symbols[7];
    table->clear = symbols[8];
    table->ntuples = symbols[9];
    table->getisnull = symbols[10];
    table->getvalue = symbols[11];
    return 0;
}
