/*
 * Autograder sandbox supervisor, protocol version 1 (see docs/sandbox-protocol.md).
 *
 * Runs as PID 1 (root, few capabilities) inside a per-attempt container. Reads request frames on
 * stdin, runs student programs under fresh uids, writes reply frames on stdout. Diagnostics go to
 * stderr only.
 *
 * Build: gcc -static -O2 -Wall -Wextra -Werror -o supervisor supervisor.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VERSION_LINE "autograder-supervisor 1.0 (sandbox protocol 1)"

#define MAX_FRAME       67108864u          /* 64 MiB: the largest L, both directions */
#define MAX_PATH_BYTES  4096
#define MAX_OUTPUT_CAP  (16u << 20)        /* so that a RESULT always fits in a frame */
#define REPLY_RESERVE   (64u << 10)        /* room for the fixed RESULT fields */
#define DEFAULT_NOFILE  64
#define DEFAULT_COLLECT_CAP (1u << 20)
#define WALK_DEPTH      256                /* deeper directories are handled without an fd each */
#define SWEEP_LIMIT_NS  (10ull * 1000000000ull)

/* Request and reply types, field tags. */
enum { T_PUT = 0x01, T_RUN = 0x02, T_FINISH = 0x03,
       T_OK = 0x81, T_RESULT = 0x82, T_BYE = 0x83, T_ERROR = 0x8F };
enum { F_DIR = 0x01, F_ARG, F_ENV, F_CWD, F_STDIN, F_FILE, F_WALL_MS, F_CPU_MS, F_FSIZE, F_NPROC,
       F_NOFILE, F_OUTPUT_CAP, F_STACK, F_COLLECT, F_COLLECT_CAP, F_KEEP,
       F_PEER_ARG = 0x20, F_PEER_DIR, F_PEER_FILE, F_PEER_CPU_MS, F_PEER_COLLECT };
enum { R_STATUS = 0x01, R_CODE, R_WALL_MS, R_CPU_MS, R_MAXRSS_KB, R_FLAGS, R_STDOUT, R_STDERR,
       R_COLLECTED, R_UID, R_ERROR, R_PEER = 0x20 };
enum { FL_TIMED_OUT = 1, FL_CPU_LIMIT = 2, FL_OUTPUT_LIMIT = 4, FL_OOM_KILLED = 8 };

/* ------------------------------------------------------------------------------------------ */
/* Globals and small utilities                                                                 */

static unsigned long long g_uid_base = 20000;
static unsigned long long g_next_n = 1;          /* next program gets base + g_next_n */
static long g_idle_timeout_s;
static int g_rootfd = -1;                        /* "/", the start of every absolute walk */
static int g_procfd = -1;                        /* "/proc" */
static int g_sigfd = -1;                         /* signalfd for SIGCHLD */
static char g_err[600];                          /* message of the current request error */

static void logmsg(const char *fmt, ...)
{
    char b[800];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n > (int)sizeof b - 2) n = sizeof b - 2;
    b[n++] = '\n';
    ssize_t w = write(2, "supervisor: ", 12);
    w = write(2, b, n);
    (void)w;
}

/* Records a request error; always returns -1 so callers can `return fail(...)`. */
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_err, sizeof g_err, fmt, ap);
    va_end(ap);
    return -1;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(long ns)
{
    struct timespec ts = { ns / 1000000000L, ns % 1000000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { logmsg("out of memory (%zu bytes)", n); _exit(3); }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) { logmsg("out of memory (%zu bytes)", n); _exit(3); }
    return p;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_be64(const uint8_t *p)
{
    return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* Closes fds [lo, hi] with close_range(2) where available, else one by one. */
static void close_range_fds(unsigned lo, unsigned hi)
{
    if (lo > hi) return;
    if (syscall(SYS_close_range, lo, hi, 0) == 0) return;
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = lo; fd < max && fd <= (long)hi; fd++) close((int)fd);
}

/* Closes every fd from lo up, except `keep` (or -1). */
static void close_all_from(int lo, int keep)
{
    if (keep >= lo) {
        if (keep > lo) close_range_fds((unsigned)lo, (unsigned)keep - 1);
        lo = keep + 1;
    }
    close_range_fds((unsigned)lo, ~0u);
}

/* ------------------------------------------------------------------------------------------ */
/* Growable byte buffer (replies, captured output)                                              */

struct buf { uint8_t *p; size_t len, cap; };

static void buf_reserve(struct buf *b, size_t extra)
{
    if (b->len + extra <= b->cap) return;
    size_t c = b->cap ? b->cap : 256;
    while (c < b->len + extra) c *= 2;
    b->p = xrealloc(b->p, c);
    b->cap = c;
}

static void buf_add(struct buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void buf_be32(struct buf *b, uint32_t v)
{
    uint8_t x[4] = { v >> 24, v >> 16, v >> 8, v };
    buf_add(b, x, 4);
}

static void buf_free(struct buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Frame writer                                                                                 */

static struct buf g_out;

static void reply_begin(uint8_t type)
{
    g_out.len = 0;
    buf_be32(&g_out, 0);              /* length, patched in reply_send */
    buf_add(&g_out, &type, 1);
}

static void field_bytes(uint8_t tag, const void *p, size_t n)
{
    buf_add(&g_out, &tag, 1);
    buf_be32(&g_out, (uint32_t)n);
    buf_add(&g_out, p, n);
}

static void field_u64(uint8_t tag, uint64_t v)
{
    uint8_t x[8];
    for (int i = 0; i < 8; i++) x[i] = (uint8_t)(v >> (56 - 8 * i));
    field_bytes(tag, x, 8);
}

static void kill_everything(void);

static void write_all_or_die(const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(1, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            logmsg("cannot write a reply: %s", strerror(errno));
            kill_everything();
            _exit(3);
        }
        p += w;
        n -= (size_t)w;
    }
}

static void reply_send(void)
{
    uint32_t l = (uint32_t)(g_out.len - 4);
    g_out.p[0] = l >> 24; g_out.p[1] = l >> 16; g_out.p[2] = l >> 8; g_out.p[3] = l;
    write_all_or_die(g_out.p, g_out.len);
}

static void reply_simple(uint8_t type)
{
    reply_begin(type);
    reply_send();
}

static void reply_error(const char *msg)
{
    reply_begin(T_ERROR);
    field_bytes(0x01, msg, strlen(msg));
    reply_send();
}

/* ------------------------------------------------------------------------------------------ */
/* Frame reader                                                                                 */

enum { RD_OK, RD_EOF, RD_IDLE, RD_TRUNC, RD_TIMEOUT, RD_IOERR };

/* Reads exactly n bytes. At the start of a frame (`first`) a clean EOF and the idle timeout
 * are reported as such; inside a frame they are framing errors. */
static int read_exact(uint8_t *p, size_t n, int first)
{
    size_t got = 0;
    while (got < n) {
        if (g_idle_timeout_s > 0) {
            struct pollfd pf = { 0, POLLIN, 0 };
            int r = poll(&pf, 1, (int)(g_idle_timeout_s * 1000 > INT_MAX ? INT_MAX
                                                                        : g_idle_timeout_s * 1000));
            if (r < 0 && errno == EINTR) continue;
            if (r == 0) return (first && got == 0) ? RD_IDLE : RD_TIMEOUT;
        }
        ssize_t r = read(0, p + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return RD_IOERR;
        if (r == 0) return (first && got == 0) ? RD_EOF : RD_TRUNC;
        got += (size_t)r;
    }
    return RD_OK;
}

struct field { uint8_t tag; uint32_t len; const uint8_t *val; };

struct frame {
    uint8_t type;
    uint8_t *raw;                 /* the body, owned */
    struct field *f;
    size_t nf;
};

static void frame_free(struct frame *fr)
{
    free(fr->raw);
    free(fr->f);
    memset(fr, 0, sizeof *fr);
}

/* Splits the body into fields; 0 if it is a well-formed field sequence. */
static int split_fields(struct frame *fr, size_t blen)
{
    size_t pos = 0, n = 0;
    while (pos < blen) {                            /* count first */
        if (blen - pos < 5) return -1;
        uint32_t l = get_be32(fr->raw + pos + 1);
        if (l > blen - pos - 5) return -1;
        pos += 5 + (size_t)l;
        n++;
    }
    fr->f = xmalloc(n * sizeof *fr->f);
    fr->nf = n;
    pos = 0;
    for (size_t i = 0; i < n; i++) {
        fr->f[i].tag = fr->raw[pos];
        fr->f[i].len = get_be32(fr->raw + pos + 1);
        fr->f[i].val = fr->raw + pos + 5;
        pos += 5 + fr->f[i].len;
    }
    return 0;
}

static void framing_error(const char *msg)
{
    logmsg("framing error: %s", msg);
    reply_error(msg);                 /* best effort: exits 3 itself if stdout is gone */
    kill_everything();
    _exit(3);
}

/* Returns RD_OK with a parsed frame, RD_EOF or RD_IDLE; framing errors do not return. */
static int read_frame(struct frame *fr)
{
    uint8_t h[4];
    memset(fr, 0, sizeof *fr);
    int r = read_exact(h, 4, 1);
    if (r == RD_EOF || r == RD_IDLE) return r;
    if (r == RD_TRUNC) framing_error("EOF inside a frame header");
    if (r == RD_TIMEOUT) framing_error("idle timeout inside a frame");
    if (r != RD_OK) framing_error("cannot read stdin");
    uint32_t l = get_be32(h);
    if (l == 0) framing_error("frame length 0");
    if (l > MAX_FRAME) {
        char m[80];
        snprintf(m, sizeof m, "frame length %u exceeds 64 MiB", l);
        framing_error(m);
    }
    uint8_t type;
    r = read_exact(&type, 1, 0);
    if (r != RD_OK) framing_error(r == RD_TIMEOUT ? "idle timeout inside a frame"
                                                  : "EOF inside a frame");
    fr->type = type;
    fr->raw = xmalloc(l - 1);
    r = read_exact(fr->raw, l - 1, 0);
    if (r != RD_OK) framing_error(r == RD_TIMEOUT ? "idle timeout inside a frame"
                                                  : "EOF inside a frame");
    if (type != T_PUT && type != T_RUN && type != T_FINISH) {
        char m[64];
        snprintf(m, sizeof m, "unknown request type 0x%02x", type);
        framing_error(m);
    }
    if (split_fields(fr, l - 1) < 0) framing_error("body is not a well-formed field sequence");
    return RD_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Field values                                                                                 */

static int utf8_ok(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c == 0) return 0;
        if (c < 0x80) { i++; continue; }
        size_t k;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; }
        else return 0;
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

/* A NUL-terminated copy of a string value (freed with the request). */
static char *str_value(const uint8_t *p, size_t n, const char *what)
{
    if (!utf8_ok(p, n)) { fail("%s: not a UTF-8 string without NUL", what); return NULL; }
    char *s = xmalloc(n + 1);
    memcpy(s, p, n);
    s[n] = 0;
    return s;
}

static int u64_value(const struct field *f, uint64_t *out, const char *what)
{
    if (f->len != 8) return fail("%s: integer of %u bytes, must be 8", what, f->len);
    *out = get_be64(f->val);
    return 0;
}

/* Components of a path (no leading '/'): none empty, ".", ".."; at most 4096 bytes. */
static int components_ok(const char *p)
{
    if (!*p) return 0;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        if (!e) return 1;
        p = e + 1;
    }
}

static int abs_path_ok(const char *p)
{
    if (strlen(p) > MAX_PATH_BYTES) return 0;
    if (strcmp(p, "/work") && strcmp(p, "/autograder") && strncmp(p, "/work/", 6) &&
        strncmp(p, "/autograder/", 12)) return 0;
    return components_ok(p + 1);
}

static int rel_path_ok(const char *p)
{
    return strlen(p) <= MAX_PATH_BYTES && p[0] != '/' && components_ok(p);
}

/* ------------------------------------------------------------------------------------------ */
/* Path walking: component by component with O_NOFOLLOW, so no symlink is ever followed        */

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* Opens the directory named by the first `len` bytes of rel (relative to base; len 0 = base
 * itself). Missing directories are created (mode, owner uid:uid) when `create`. */
static int open_dir_path(int base, const char *rel, size_t len, int create, mode_t mode, uid_t uid)
{
    int fd = openat(base, ".", DIR_FLAGS);
    size_t pos = 0;
    while (fd >= 0 && pos < len) {
        char comp[NAME_MAX + 1];
        size_t e = pos;
        while (e < len && rel[e] != '/') e++;
        if (e - pos > NAME_MAX) { close(fd); errno = ENAMETOOLONG; return -1; }
        memcpy(comp, rel + pos, e - pos);
        comp[e - pos] = 0;
        int nfd = openat(fd, comp, DIR_FLAGS);
        if (nfd < 0 && errno == ENOENT && create) {
            if (mkdirat(fd, comp, mode) == 0) {
                nfd = openat(fd, comp, DIR_FLAGS);
                if (nfd >= 0 && (fchown(nfd, uid, uid) < 0 || fchmod(nfd, mode) < 0)) {
                    int s = errno; close(nfd); nfd = -1; errno = s;
                }
            } else if (errno == EEXIST) {
                nfd = openat(fd, comp, DIR_FLAGS);
            }
        }
        int s = errno;
        close(fd);
        errno = s;
        fd = nfd;
        pos = e + 1;
    }
    return fd;
}

/* Parent directory of a path and its last component. */
static int open_parent(int base, const char *rel, int create, mode_t mode, uid_t uid,
                       const char **last)
{
    const char *slash = strrchr(rel, '/');
    *last = slash ? slash + 1 : rel;
    return open_dir_path(base, rel, slash ? (size_t)(slash - rel) : 0, create, mode, uid);
}

static int write_full(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes a regular file (never through a symlink, never into a fifo), then gives it to uid. */
static int put_file(int base, const char *rel, mode_t pmode, uid_t uid, mode_t mode,
                    const uint8_t *data, size_t n, const char *shown)
{
    const char *last;
    int dfd = open_parent(base, rel, 1, pmode, uid, &last);
    if (dfd < 0) return fail("%s: %s", shown, strerror(errno));
    int fd = openat(dfd, last, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        fd = -1;
        errno = EEXIST;
    }
    if (fd < 0) { int s = errno; close(dfd); return fail("%s: %s", shown, strerror(s)); }
    if (ftruncate(fd, 0) < 0 || write_full(fd, data, n) < 0 || fchown(fd, uid, uid) < 0 ||
        fchmod(fd, mode) < 0) {
        int s = errno;
        close(fd);
        unlinkat(dfd, last, 0);
        close(dfd);
        return fail("%s: %s", shown, strerror(s));
    }
    close(fd);
    close(dfd);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Tree walking: clearing a directory, sealing a kept one. Iterative, an fd per level up to     */
/* WALK_DEPTH; deeper trees are moved up (clear) so no depth exhausts fds or stack.            */

struct dirent64_k { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type;
                    char name[]; };
struct wlevel { int fd, pos, len; char name[NAME_MAX + 1]; char buf[4096]; };
enum { W_CLEAR, W_SEAL };
static struct wlevel g_wclear[WALK_DEPTH], g_wseal[WALK_DEPTH];
static unsigned long g_flat_counter;

static int clear_dir(int dirfd);

/* Moves a too-deep directory up to the walk's root under a fresh name; it is cleared later. */
static int flatten(int fd, const char *name, int rootfd)
{
    for (int i = 0; i < 20; i++) {
        char nn[64];
        snprintf(nn, sizeof nn, ".sv-deep-%lu", ++g_flat_counter);
        if (renameat2(fd, name, rootfd, nn, RENAME_NOREPLACE) == 0) return 1;
        if (errno != EEXIST) return 0;
    }
    return 0;
}

/* One pass over the tree at rootfd. Returns the number of changes made, *seen = entries met. */
static long walk_pass(int rootfd, int mode, long *seen)
{
    struct wlevel *lv = mode == W_CLEAR ? g_wclear : g_wseal;
    long progress = 0;
    int d = 0;
    *seen = 0;
    lv[0].fd = openat(rootfd, ".", DIR_FLAGS);
    if (lv[0].fd < 0) return -1;
    lv[0].pos = lv[0].len = 0;
    while (d >= 0) {
        struct wlevel *L = &lv[d];
        if (L->pos >= L->len) {
            long n = syscall(SYS_getdents64, L->fd, L->buf, sizeof L->buf);
            if (n > 0) { L->len = (int)n; L->pos = 0; continue; }
            close(L->fd);
            if (d-- == 0) break;
            if (mode == W_CLEAR && unlinkat(lv[d].fd, L->name, AT_REMOVEDIR) == 0) progress++;
            continue;
        }
        struct dirent64_k *e = (struct dirent64_k *)(L->buf + L->pos);
        L->pos += e->reclen;
        const char *nm = e->name;
        if (nm[0] == '.' && (nm[1] == 0 || (nm[1] == '.' && nm[2] == 0))) continue;
        (*seen)++;
        unsigned char t = e->type;
        struct stat st;
        if (t == DT_UNKNOWN || (mode == W_SEAL && t == DT_REG)) {
            if (fstatat(L->fd, nm, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
            t = IFTODT(st.st_mode);
        }
        if (t == DT_DIR) {
            if (d + 1 >= WALK_DEPTH) {
                if (mode == W_CLEAR) {
                    progress += flatten(L->fd, nm, rootfd);
                } else {               /* too deep to keep: removed */
                    int fd = openat(L->fd, nm, DIR_FLAGS);
                    if (fd >= 0) { clear_dir(fd); close(fd); }
                    if (unlinkat(L->fd, nm, AT_REMOVEDIR) == 0) progress++;
                }
                continue;
            }
            int fd = openat(L->fd, nm, DIR_FLAGS);
            if (fd < 0) continue;
            if (mode == W_SEAL && fchown(fd, 0, 0) == 0 && fchmod(fd, 0755) == 0) progress++;
            d++;
            lv[d].fd = fd;
            lv[d].pos = lv[d].len = 0;
            snprintf(lv[d].name, sizeof lv[d].name, "%s", nm);
        } else if (mode == W_CLEAR || t != DT_REG) {
            if (unlinkat(L->fd, nm, 0) == 0) progress++;
        } else {
            /* After the kill sweep nothing can swap this name for a symlink. */
            if (fchownat(L->fd, nm, 0, 0, AT_SYMLINK_NOFOLLOW) == 0 &&
                fchmodat(L->fd, nm, (st.st_mode & 0111) ? 0755 : 0644, 0) == 0) progress++;
        }
    }
    return progress;
}

/* Removes everything inside dirfd (the directory itself stays). 0 when it is empty. */
static int clear_dir(int dirfd)
{
    for (;;) {
        long seen, p = walk_pass(dirfd, W_CLEAR, &seen);
        if (p < 0) return -1;
        if (seen == 0) return 0;
        if (p == 0) return -1;          /* entries we cannot remove: give up, do not spin */
    }
}

/* KEEP: everything root's and read-only; only directories and regular files remain. */
static void seal_dir(int dirfd)
{
    long seen;
    walk_pass(dirfd, W_SEAL, &seen);
    if (fchown(dirfd, 0, 0) < 0 || fchmod(dirfd, 0755) < 0)
        logmsg("sealing a kept directory: %s", strerror(errno));
}

static void clear_shared_dirs(void)
{
    static const char *const dirs[] = { "tmp", "dev/shm", "dev/mqueue" };
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        int fd = open_dir_path(g_rootfd, dirs[i], strlen(dirs[i]), 0, 0, 0);
        if (fd < 0) continue;
        if (clear_dir(fd) < 0) logmsg("cannot empty /%s", dirs[i]);
        close(fd);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* /proc scanning                                                                               */

/* Reads a small file relative to dirfd; returns bytes read or -1. */
static ssize_t read_small(int dirfd, const char *path, char *b, size_t cap)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t got = 0;
    while (got < cap - 1) {
        ssize_t r = read(fd, b + got, cap - 1 - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    b[got] = 0;
    return (ssize_t)got;
}

/* Is there a process (live_only: not a zombie) with one of these uids (real, effective, saved
 * or fs), other than `self`? The Uid line is kernel-written and also right for non-dumpable
 * processes, unlike the owner of /proc/<pid>. */
static int proc_has_uid(const uid_t *uids, int nu, int live_only, pid_t self)
{
    int fd = openat(g_procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    char dbuf[8192], sb[2048], path[64];
    int found = 0;
    long n;
    while (!found && (n = syscall(SYS_getdents64, fd, dbuf, sizeof dbuf)) > 0) {
        for (long pos = 0; pos < n && !found;) {
            struct dirent64_k *e = (struct dirent64_k *)(dbuf + pos);
            pos += e->reclen;
            if (e->name[0] < '1' || e->name[0] > '9') continue;
            long pid = strtol(e->name, NULL, 10);
            if (pid == self || pid == 1) continue;
            snprintf(path, sizeof path, "%s/status", e->name);
            if (read_small(g_procfd, path, sb, sizeof sb) <= 0) continue;
            char *st = strstr(sb, "\nState:\t"), *u = strstr(sb, "\nUid:\t");
            if (!u) continue;
            if (live_only && st && (st[8] == 'Z' || st[8] == 'X')) continue;
            unsigned long v[4] = { 0 };
            if (sscanf(u + 6, "%lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]) != 4) continue;
            for (int i = 0; i < 4 && !found; i++)
                for (int j = 0; j < nu; j++)
                    if (v[i] == (unsigned long)uids[j]) found = 1;
        }
    }
    close(fd);
    return found;
}

/* Root fallback if no helper can be forked: SIGKILL each process of uid found in /proc. */
static void root_kill_uid(uid_t uid)
{
    int fd = openat(g_procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    char dbuf[8192], sb[2048], path[64];
    long n;
    while ((n = syscall(SYS_getdents64, fd, dbuf, sizeof dbuf)) > 0) {
        for (long pos = 0; pos < n;) {
            struct dirent64_k *e = (struct dirent64_k *)(dbuf + pos);
            pos += e->reclen;
            if (e->name[0] < '1' || e->name[0] > '9') continue;
            snprintf(path, sizeof path, "%s/status", e->name);
            if (read_small(g_procfd, path, sb, sizeof sb) <= 0) continue;
            char *u = strstr(sb, "\nUid:\t");
            unsigned long v[4];
            if (!u || sscanf(u + 6, "%lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]) != 4) continue;
            if (v[0] == uid || v[1] == uid || v[2] == uid || v[3] == uid) {
                long pid = strtol(e->name, NULL, 10);
                if (pid > 1) kill((pid_t)pid, SIGKILL);
            }
        }
    }
    close(fd);
}

/* ------------------------------------------------------------------------------------------ */
/* Kill sweep helper                                                                            */

/* Removes System V IPC objects owned or created by uid; the caller's euid is uid. */
static void remove_sysv(uid_t uid)
{
    static const struct { const char *file; int uidcol, cuidcol, kind; } t[] = {
        { "sysvipc/shm", 7, 9, 0 }, { "sysvipc/msg", 7, 9, 1 }, { "sysvipc/sem", 4, 6, 2 } };
    for (size_t k = 0; k < 3; k++) {
        int fd = openat(g_procfd, t[k].file, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        struct buf b = { 0 };
        for (;;) {
            buf_reserve(&b, 65536);
            ssize_t r = read(fd, b.p + b.len, 65536);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            b.len += (size_t)r;
        }
        close(fd);
        buf_add(&b, "", 1);
        char *save = NULL, *line = strtok_r((char *)b.p, "\n", &save);
        for (line = line ? strtok_r(NULL, "\n", &save) : NULL; line;   /* skip the header */
             line = strtok_r(NULL, "\n", &save)) {
            unsigned long col[12];
            int nc = 0;
            char *s2 = NULL;
            for (char *w = strtok_r(line, " \t", &s2); w && nc < 12; w = strtok_r(NULL, " \t", &s2))
                col[nc++] = strtoul(w, NULL, 10);
            if (nc <= t[k].cuidcol) continue;
            if (col[t[k].uidcol] != uid && col[t[k].cuidcol] != uid) continue;
            int id = (int)col[1];
            if (t[k].kind == 0) shmctl(id, IPC_RMID, NULL);
            else if (t[k].kind == 1) msgctl(id, IPC_RMID, NULL);
            else semctl(id, 0, IPC_RMID);
        }
        buf_free(&b);
    }
}

/* The sweep itself, in the helper. Real and saved uid = the uid base (never given to a program),
 * effective = the run uid: it may signal the run's processes, they may not signal it. */
static void helper_sweep(uid_t uid)
{
    uid_t sweeper = (uid_t)g_uid_base;
    if (setgroups(0, NULL) < 0 || setresgid(sweeper, uid, sweeper) < 0 ||
        setresuid(sweeper, uid, sweeper) < 0) {
        logmsg("sweep helper: cannot change uid: %s", strerror(errno));
        _exit(2);
    }
    /* kill(-1) is atomic against fork; repeat until /proc shows no live process of the uid
     * (it cannot be repeated until ESRCH: it succeeds while any other process exists). */
    uint64_t t0 = now_ns();
    pid_t self = getpid();
    for (int round = 0;; round++) {
        if (kill(-1, SIGKILL) < 0 && errno == ESRCH) break;
        if (!proc_has_uid(&uid, 1, 1, self)) break;
        if (now_ns() - t0 > SWEEP_LIMIT_NS) _exit(4);
        if (round < 10) sched_yield(); else sleep_ns(200000);
    }
    remove_sysv(uid);
    _exit(0);
}

struct helper { pid_t pid; int trig; int status; int done; };

/* Forked before the run starts (root, waiting): a fork bomb that fills --pids-limit cannot stop
 * the sweep from starting. */
static void helper_spawn(struct helper *h, uid_t uid)
{
    int p[2];
    h->pid = -1;
    h->trig = -1;
    h->done = 0;
    if (pipe2(p, O_CLOEXEC) < 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        /* Holds nothing of the supervisor's: not the protocol pipes, not a run's pipes. */
        if (p[0] != 3) dup2(p[0], 3);
        close(0);
        close(1);
        close_all_from(4, -1);
        g_procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char c;
        while (read(3, &c, 1) < 0 && errno == EINTR) {}
        helper_sweep(uid);                 /* EOF (supervisor gone) also sweeps */
    }
    close(p[0]);
    if (pid < 0) { close(p[1]); return; }
    h->pid = pid;
    h->trig = p[1];
}

/* ------------------------------------------------------------------------------------------ */
/* Requests                                                                                     */

struct filespec { char *path; uint32_t mode; const uint8_t *data; size_t len; };

struct side {                              /* the program, or the peer */
    /* request */
    char **argv; size_t argc;
    char *dir;
    struct filespec *files; size_t nfiles;
    char **collect; size_t ncollect;
    uint64_t cpu_ms;
    /* run state */
    uid_t uid;
    int dirfd, parentfd, dir_created, dir_mount;
    const char *dirlast;
    struct helper h;
    pid_t pid;
    int pidfd, errpipe;
    int exited, killed, start_failed;
    int wstatus;
    struct rusage ru;
    uint64_t t_end;
    uint64_t flags;
    char errmsg[512];
    struct buf err, out;                   /* captured stderr, stdout (program only) */
    uint64_t err_total, out_total;
    int errfd, outfd;                      /* supervisor's read ends */
};

struct run {
    struct side s[2];
    int two;
    char **env; size_t nenv;
    char *cwd;
    const uint8_t *in; size_t inlen; int have_stdin;
    uint64_t wall_ms, fsize, nproc, nofile, output_cap, stack, collect_cap, keep;
    int have_wall, have_cap;
    int infd;                              /* supervisor's write end of the program's stdin */
    size_t inpos;
    int oom_before_known;
    long long oom_before;
};

static struct run *g_run;                  /* the run in progress, for the reaper */

static int handle_put(struct frame *fr)
{
    char *path = NULL;
    uint64_t mode = 0;
    const struct field *data = NULL;
    int seen = 0, rc = -1;
    for (size_t i = 0; i < fr->nf; i++) {
        const struct field *f = &fr->f[i];
        if (f->tag < 1 || f->tag > 3) { fail("PUT: unknown field tag 0x%02x", f->tag); goto done; }
        if (seen & 1 << f->tag) { fail("PUT: duplicate field 0x%02x", f->tag); goto done; }
        seen |= 1 << f->tag;
        if (f->tag == 0x01 && !(path = str_value(f->val, f->len, "PUT PATH"))) goto done;
        if (f->tag == 0x02 && u64_value(f, &mode, "PUT MODE") < 0) goto done;
        if (f->tag == 0x03) data = f;
    }
    if (!path || !(seen & 4) || !data) { fail("PUT: PATH, MODE and DATA are required"); goto done; }
    if (!abs_path_ok(path)) { fail("PUT: bad path %s", path); goto done; }
    if (mode > 0777) { fail("PUT: MODE %llo above 0777", (unsigned long long)mode); goto done; }
    rc = put_file(g_rootfd, path + 1, 0755, 0, (mode_t)mode, data->val, data->len, path);
done:
    free(path);
    return rc;
}

static void free_run(struct run *r)
{
    for (int k = 0; k < 2; k++) {
        struct side *s = &r->s[k];
        for (size_t i = 0; i < s->argc; i++) free(s->argv[i]);
        free(s->argv);
        free(s->dir);
        for (size_t i = 0; i < s->nfiles; i++) free(s->files[i].path);
        free(s->files);
        for (size_t i = 0; i < s->ncollect; i++) free(s->collect[i]);
        free(s->collect);
        buf_free(&s->err);
        buf_free(&s->out);
        close_fd(&s->dirfd);
        close_fd(&s->parentfd);
        close_fd(&s->pidfd);
        close_fd(&s->errpipe);
        close_fd(&s->errfd);
        close_fd(&s->outfd);
        close_fd(&s->h.trig);
    }
    for (size_t i = 0; i < r->nenv; i++) free(r->env[i]);
    free(r->env);
    free(r->cwd);
    close_fd(&r->infd);
}

static int parse_filespec(const struct field *f, struct filespec *out, const char *what)
{
    if (f->len < 8) return fail("%s: too short", what);
    uint32_t pl = get_be32(f->val);
    if (pl > f->len - 8) return fail("%s: path length past the value", what);
    if (!(out->path = str_value(f->val + 4, pl, what))) return -1;
    if (!rel_path_ok(out->path)) return fail("%s: bad relative path %s", what, out->path);
    out->mode = get_be32(f->val + 4 + pl);
    if (out->mode > 0777) return fail("%s: mode %o above 0777", what, out->mode);
    out->data = f->val + 8 + pl;
    out->len = f->len - 8 - pl;
    return 0;
}

static int parse_run(struct frame *fr, struct run *r)
{
    size_t nf = fr->nf;
    for (int k = 0; k < 2; k++) {
        r->s[k].argv = xmalloc((nf + 1) * sizeof(char *));
        r->s[k].files = xmalloc((nf + 1) * sizeof(struct filespec));
        r->s[k].collect = xmalloc((nf + 1) * sizeof(char *));
    }
    r->env = xmalloc((nf + 1) * sizeof(char *));
    r->collect_cap = DEFAULT_COLLECT_CAP;
    uint64_t seen = 0;
    int peer_fields = 0;
    for (size_t i = 0; i < nf; i++) {
        const struct field *f = &fr->f[i];
        int t = f->tag;
        int repeated = t == F_ARG || t == F_ENV || t == F_FILE || t == F_COLLECT ||
                       t == F_PEER_ARG || t == F_PEER_FILE || t == F_PEER_COLLECT;
        int bit = t >= F_PEER_ARG ? t - F_PEER_ARG + 32 : t;
        if (!((t >= F_DIR && t <= F_KEEP) || (t >= F_PEER_ARG && t <= F_PEER_COLLECT)))
            return fail("RUN: unknown field tag 0x%02x", t);
        if (!repeated && (seen >> bit & 1)) return fail("RUN: duplicate field 0x%02x", t);
        seen |= 1ull << bit;
        if (t >= F_PEER_DIR) peer_fields = 1;
        struct side *s = &r->s[t >= F_PEER_ARG];
        char *str;
        switch (t) {
        case F_DIR: case F_PEER_DIR:
            if (!(s->dir = str_value(f->val, f->len, "DIR"))) return -1;
            if (!abs_path_ok(s->dir)) return fail("RUN: bad DIR %s", s->dir);
            break;
        case F_ARG: case F_PEER_ARG:
            if (!(str = str_value(f->val, f->len, "ARG"))) return -1;
            s->argv[s->argc++] = str;
            break;
        case F_ENV:
            if (!(str = str_value(f->val, f->len, "ENV"))) return -1;
            r->env[r->nenv++] = str;
            if (str[0] == '=' || !strchr(str, '=')) return fail("RUN: ENV %s is not NAME=value", str);
            break;
        case F_CWD:
            if (!(r->cwd = str_value(f->val, f->len, "CWD"))) return -1;
            if (r->cwd[0] != '/' || strlen(r->cwd) > MAX_PATH_BYTES)
                return fail("RUN: CWD must be an absolute path");
            break;
        case F_STDIN: r->in = f->val; r->inlen = f->len; r->have_stdin = 1; break;
        case F_FILE: case F_PEER_FILE:
            if (parse_filespec(f, &s->files[s->nfiles++], "FILE") < 0) return -1;
            break;
        case F_COLLECT: case F_PEER_COLLECT:
            if (!(str = str_value(f->val, f->len, "COLLECT"))) return -1;
            s->collect[s->ncollect++] = str;
            if (!rel_path_ok(str)) return fail("RUN: bad COLLECT path %s", str);
            break;
        case F_WALL_MS:
            if (u64_value(f, &r->wall_ms, "WALL_MS") < 0) return -1;
            if (r->wall_ms < 1) return fail("RUN: WALL_MS must be >= 1");
            r->have_wall = 1;
            break;
        case F_CPU_MS: case F_PEER_CPU_MS:
            if (u64_value(f, &s->cpu_ms, "CPU_MS") < 0) return -1;
            break;
        case F_FSIZE: if (u64_value(f, &r->fsize, "FSIZE") < 0) return -1; break;
        case F_NPROC: if (u64_value(f, &r->nproc, "NPROC") < 0) return -1; break;
        case F_NOFILE: if (u64_value(f, &r->nofile, "NOFILE") < 0) return -1; break;
        case F_STACK: if (u64_value(f, &r->stack, "STACK") < 0) return -1; break;
        case F_OUTPUT_CAP:
            if (u64_value(f, &r->output_cap, "OUTPUT_CAP") < 0) return -1;
            if (r->output_cap < 1 || r->output_cap > MAX_OUTPUT_CAP)
                return fail("RUN: OUTPUT_CAP must be 1..%u", MAX_OUTPUT_CAP);
            r->have_cap = 1;
            break;
        case F_COLLECT_CAP:
            if (u64_value(f, &r->collect_cap, "COLLECT_CAP") < 0) return -1;
            if (r->collect_cap >= MAX_FRAME) r->collect_cap = MAX_FRAME;   /* cannot fit anyway */
            break;
        case F_KEEP:
            if (u64_value(f, &r->keep, "KEEP") < 0) return -1;
            if (r->keep > 1) return fail("RUN: KEEP must be 0 or 1");
            break;
        }
    }
    r->two = r->s[1].argc > 0;
    if (!r->s[0].dir) return fail("RUN: DIR is required");
    if (!r->s[0].argc) return fail("RUN: at least one ARG is required");
    if (!r->have_wall) return fail("RUN: WALL_MS is required");
    if (!r->have_cap) return fail("RUN: OUTPUT_CAP is required");
    if (!r->two && peer_fields) return fail("RUN: PEER_ fields without PEER_ARG");
    if (r->two) {
        if (!r->s[1].dir) return fail("RUN: PEER_DIR is required with PEER_ARG");
        if (r->have_stdin) return fail("RUN: STDIN is refused in two-process mode");
        size_t a = strlen(r->s[0].dir), b = strlen(r->s[1].dir), m = a < b ? a : b;
        if (!strncmp(r->s[0].dir, r->s[1].dir, m) &&
            (a == b || (a < b ? r->s[1].dir[a] : r->s[0].dir[b]) == '/'))
            return fail("RUN: DIR and PEER_DIR overlap");
    }
    r->s[0].argv[r->s[0].argc] = NULL;
    r->s[1].argv[r->s[1].argc] = NULL;
    r->env[r->nenv] = NULL;
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Run: directory preparation                                                                  */

static int prepare_dir(struct side *s, const char *what)
{
    s->parentfd = open_parent(g_rootfd, s->dir + 1, 1, 0755, 0, &s->dirlast);
    if (s->parentfd < 0) return fail("%s %s: %s", what, s->dir, strerror(errno));
    s->dirfd = openat(s->parentfd, s->dirlast, DIR_FLAGS);
    if (s->dirfd < 0 && errno == ENOENT) {
        if (mkdirat(s->parentfd, s->dirlast, 0700) < 0)
            return fail("%s %s: %s", what, s->dir, strerror(errno));
        s->dir_created = 1;
        s->dirfd = openat(s->parentfd, s->dirlast, DIR_FLAGS);
    }
    if (s->dirfd < 0) return fail("%s %s: %s", what, s->dir, strerror(errno));
    struct stat a, b;
    if (fstat(s->dirfd, &a) == 0 && fstat(s->parentfd, &b) == 0 && a.st_dev != b.st_dev)
        s->dir_mount = 1;
    if (!s->dir_created && clear_dir(s->dirfd) < 0)
        return fail("%s %s: cannot empty it", what, s->dir);
    for (size_t i = 0; i < s->nfiles; i++) {
        struct filespec *fs = &s->files[i];
        if (put_file(s->dirfd, fs->path, 0700, s->uid, fs->mode, fs->data, fs->len, fs->path) < 0)
            return -1;
    }
    if (fchown(s->dirfd, s->uid, s->uid) < 0 || fchmod(s->dirfd, 0700) < 0)
        return fail("%s %s: %s", what, s->dir, strerror(errno));
    return 0;
}

/* After the run (or a failed preparation): remove DIR, or its contents for a mount point. */
static void remove_dir(struct side *s)
{
    if (s->dirfd < 0) return;
    if (clear_dir(s->dirfd) < 0) logmsg("cannot empty %s", s->dir);
    if (!s->dir_mount && unlinkat(s->parentfd, s->dirlast, AT_REMOVEDIR) == 0) return;
    if (!s->dir_mount && errno != EBUSY && errno != EROFS) {
        logmsg("cannot remove %s: %s", s->dir, strerror(errno));
        return;
    }
    /* A mount point stays: give it back to root as it was. */
    if (fchown(s->dirfd, 0, 0) < 0 || fchmod(s->dirfd, 0755) < 0)
        logmsg("cannot reset %s: %s", s->dir, strerror(errno));
}

/* ------------------------------------------------------------------------------------------ */
/* Run: the child                                                                               */

static long long read_oom_kills(void)
{
    static const char *const files[] = { "/sys/fs/cgroup/memory/memory.oom_control",
                                         "/sys/fs/cgroup/memory.events" };
    char b[1024];
    for (int i = 0; i < 2; i++) {
        if (read_small(AT_FDCWD, files[i], b, sizeof b) <= 0) continue;
        for (char *l = b; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
            if (!strncmp(l, "oom_kill ", 9)) return strtoll(l + 9, NULL, 10);
    }
    return -1;
}

/* Reports why the child could not start, through the CLOEXEC pipe, and exits. */
static void child_fail(int errw, const char *what, const char *arg, int err)
{
    char m[512];
    int n = snprintf(m, sizeof m, "%s%s%s: %s", what, arg ? " " : "", arg ? arg : "",
                     strerror(err));
    if (n > (int)sizeof m - 1) n = sizeof m - 1;
    ssize_t w = write(errw, m, (size_t)n);
    (void)w;
    _exit(127);
}

static void set_limit(int errw, int res, const char *name, uint64_t v)
{
    struct rlimit cur, rl;
    getrlimit(res, &cur);
    /* Without CAP_SYS_RESOURCE a hard limit cannot be raised: "none" and larger values mean the
     * container's own hard limit. */
    rlim_t x = (v == 0 || (rlim_t)v > cur.rlim_max) ? cur.rlim_max : (rlim_t)v;
    rl.rlim_cur = rl.rlim_max = x;
    if (setrlimit(res, &rl) < 0) child_fail(errw, "setrlimit", name, errno);
}

static void child_exec(struct run *r, struct side *s, int in, int out, int err, int errw)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int i = 1; i < _NSIG; i++) sigaction(i, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (setsid() < 0) child_fail(errw, "setsid", NULL, errno);
    int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "1000", 4) != 4) child_fail(errw, "oom_score_adj", NULL, errno);
    close(fd);
    uint64_t cpu = 0;
    if (s->cpu_ms) cpu = s->cpu_ms > UINT64_MAX - 2000 ? UINT64_MAX : (s->cpu_ms + 999) / 1000 + 1;
    set_limit(errw, RLIMIT_CPU, "CPU", cpu);
    set_limit(errw, RLIMIT_FSIZE, "FSIZE", r->fsize);
    set_limit(errw, RLIMIT_NPROC, "NPROC", r->nproc);
    set_limit(errw, RLIMIT_NOFILE, "NOFILE", r->nofile ? r->nofile : DEFAULT_NOFILE);
    set_limit(errw, RLIMIT_STACK, "STACK", r->stack);
    struct rlimit core = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &core) < 0) child_fail(errw, "setrlimit", "CORE", errno);
    umask(022);
    const char *cwd = (s == &r->s[0] && r->cwd) ? r->cwd : s->dir;
    if (chdir(cwd) < 0) child_fail(errw, "chdir", cwd, errno);
    if (setgroups(0, NULL) < 0) child_fail(errw, "setgroups", NULL, errno);
    if (setresgid(s->uid, s->uid, s->uid) < 0) child_fail(errw, "setresgid", NULL, errno);
    if (setresuid(s->uid, s->uid, s->uid) < 0) child_fail(errw, "setresuid", NULL, errno);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) child_fail(errw, "no_new_privs", NULL, errno);
    /* All sources are >= 3 (0-2 are the supervisor's own), so these cannot clobber each other. */
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        child_fail(errw, "dup2", NULL, errno);
    close_all_from(3, errw);

    const char *a0 = s->argv[0];
    if (strchr(a0, '/')) {
        execve(a0, s->argv, r->env);
        child_fail(errw, "execve", a0, errno);
    }
    const char *path = "/usr/local/bin:/usr/bin:/bin";
    for (size_t i = 0; i < r->nenv; i++)
        if (!strncmp(r->env[i], "PATH=", 5)) { path = r->env[i] + 5; break; }
    int saved = ENOENT, eacces = 0;
    size_t al = strlen(a0);
    for (const char *p = path;; p++) {
        const char *e = strchrnul(p, ':');
        size_t dl = (size_t)(e - p);
        char full[8192];
        if (dl + al + 2 <= sizeof full) {
            if (dl) { memcpy(full, p, dl); full[dl] = '/'; dl++; }
            memcpy(full + dl, a0, al + 1);
            execve(full, s->argv, r->env);
            if (errno == EACCES) eacces = 1;
            else if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP && errno != ENAMETOOLONG)
                child_fail(errw, "execve", a0, errno);
            saved = errno;
        }
        if (!*e) break;
        p = e;
    }
    child_fail(errw, "execve", a0, eacces ? EACCES : saved);
}

/* Forks one program; its stdio fds are closed in the supervisor by the caller. */
static void start_side(struct run *r, struct side *s, int in, int out, int err)
{
    int ep[2];
    if (pipe2(ep, O_CLOEXEC) < 0) {
        s->start_failed = 1;
        snprintf(s->errmsg, sizeof s->errmsg, "pipe: %s", strerror(errno));
        s->exited = 1;
        return;
    }
    s->t_end = 0;
    pid_t pid = fork();
    if (pid == 0) {
        close(ep[0]);
        child_exec(r, s, in, out, err, ep[1]);
    }
    close(ep[1]);
    if (pid < 0) {
        s->start_failed = 1;
        snprintf(s->errmsg, sizeof s->errmsg, "fork: %s", strerror(errno));
        s->exited = 1;
        close(ep[0]);
        return;
    }
    s->pid = pid;
    s->errpipe = ep[0];
    s->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);   /* -1 (ENOSYS): 10 ms ticks instead */
}

/* Blocks until the child has exec'd (EOF) or reported a failure. */
static void await_exec(struct side *s)
{
    if (s->errpipe < 0) return;
    size_t got = 0;
    for (;;) {
        ssize_t n = read(s->errpipe, s->errmsg + got, sizeof s->errmsg - 1 - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
        if (got >= sizeof s->errmsg - 1) break;
    }
    s->errmsg[got] = 0;
    if (got) s->start_failed = 1;
    close_fd(&s->errpipe);
}

/* ------------------------------------------------------------------------------------------ */
/* Run: reaping and the loop                                                                    */

static struct helper *g_helpers[2];

static void note_exit(pid_t pid, int st, const struct rusage *ru)
{
    if (g_run) {
        for (int k = 0; k < 2; k++) {
            struct side *s = &g_run->s[k];
            if (s->pid > 0 && pid == s->pid && !s->exited) {
                s->exited = 1;
                s->wstatus = st;
                s->ru = *ru;
                if (!s->t_end) s->t_end = now_ns();
            }
        }
    }
    for (int k = 0; k < 2; k++)
        if (g_helpers[k] && g_helpers[k]->pid == pid) {
            g_helpers[k]->done = 1;
            g_helpers[k]->status = st;
        }
}

/* Reaps every child that has exited (PID 1: orphans come here too). */
static void reap_all(void)
{
    for (;;) {
        int st;
        struct rusage ru;
        pid_t p = wait4(-1, &st, WNOHANG | __WALL, &ru);
        if (p < 0 && errno == EINTR) continue;
        if (p <= 0) break;
        note_exit(p, st, &ru);
    }
}

static void drain_signalfd(void)
{
    struct signalfd_siginfo si[8];
    while (read(g_sigfd, si, sizeof si) > 0) {}
}

/* Appends what the pipe has to a capture buffer; the kept part stops at cap. Returns 0 on EOF,
 * 1 if more may come, 2 if the stream went past the cap. */
static int pump(int fd, struct buf *b, uint64_t *total, uint64_t cap)
{
    uint8_t tmp[65536];
    for (;;) {
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return 1;              /* EAGAIN */
        if (n == 0) return 0;
        uint64_t keep = *total < cap ? cap - *total : 0;
        if (keep > (uint64_t)n) keep = (uint64_t)n;
        buf_add(b, tmp, (size_t)keep);
        *total += (uint64_t)n;
        if (*total > cap) return 2;
    }
}

/* Ends every process of each side's uid, then removes its SysV IPC (in the helper). */
static void kill_sweep(struct run *r)
{
    int n = r->two ? 2 : 1;
    /* One after the other: each helper's real uid is the base, so two at once could kill
     * each other. */
    for (int k = 0; k < n; k++) {
        struct side *s = &r->s[k];
        struct helper *h = &s->h;
        if (h->pid <= 0 || h->done) {
            /* The waiting helper is gone (or was never forked): fork one now, killing from root
             * meanwhile if the pids limit refuses. */
            uint64_t t0 = now_ns();
            for (;;) {
                helper_spawn(h, s->uid);
                if (h->pid > 0 || now_ns() - t0 > SWEEP_LIMIT_NS) break;
                root_kill_uid(s->uid);
                reap_all();
                sleep_ns(1000000);
            }
        }
        if (h->pid <= 0) {
            logmsg("no sweep helper for uid %u: killing from root", (unsigned)s->uid);
            root_kill_uid(s->uid);
            continue;
        }
        ssize_t w = write(h->trig, "k", 1);
        (void)w;
        close_fd(&h->trig);
        while (!h->done) {
            int st;
            struct rusage ru;
            pid_t p = wait4(-1, &st, __WALL, &ru);
            if (p < 0 && errno == EINTR) continue;
            if (p < 0) break;
            note_exit(p, st, &ru);
        }
        if (!h->done || !WIFEXITED(h->status) || WEXITSTATUS(h->status) != 0) {
            logmsg("sweep helper for uid %u failed (status 0x%x): killing from root",
                   (unsigned)s->uid, h->status);
            root_kill_uid(s->uid);
        }
    }
    /* Reap until no process of these uids is left at all. */
    uid_t uids[2] = { r->s[0].uid, r->s[1].uid };
    uint64_t t0 = now_ns();
    for (int round = 0;; round++) {
        reap_all();
        if (!proc_has_uid(uids, n, 0, 0)) break;
        if (now_ns() - t0 > SWEEP_LIMIT_NS) {
            logmsg("processes of uid %u survive the sweep", (unsigned)uids[0]);
            break;
        }
        if (round % 50 == 49) for (int k = 0; k < n; k++) root_kill_uid(uids[k]);
        sleep_ns(round < 20 ? 100000 : 1000000);
    }
}

/*
 * CPU time so far of a running program, in ms: its own (all threads) and that of the children it
 * has waited for, from /proc/PID/stat; -1 when it cannot be read (it has just exited).
 */
static long long cpu_so_far(pid_t pid)
{
    static long ticks;
    if (!ticks) ticks = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
    char path[32], b[1024];
    snprintf(path, sizeof path, "%d/stat", (int)pid);
    ssize_t n = read_small(g_procfd, path, b, sizeof b - 1);
    if (n <= 0) return -1;
    b[n] = 0;
    char *p = strrchr(b, ')');               /* the command name may hold spaces and parentheses */
    if (!p) return -1;
    unsigned long long v[4];
    /* After ")": state (field 3), then fields 4..13, then utime, stime, cutime, cstime (14..17). */
    if (sscanf(p + 2, "%*c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu %llu %llu",
               &v[0], &v[1], &v[2], &v[3]) != 4)
        return -1;
    return (long long)((v[0] + v[1] + v[2] + v[3]) * 1000ull / (unsigned long long)ticks);
}

/* Polled this often while a CPU limit is set: a program stops within a tick of its limit. */
#define CPU_TICK_NS 20000000ull

static void run_loop(struct run *r, uint64_t t_start)
{
    uint64_t deadline = r->wall_ms > (UINT64_MAX - t_start) / 1000000ull
                            ? UINT64_MAX : t_start + r->wall_ms * 1000000ull;
    int need_tick = 0, cpu_tick = 0;
    for (int k = 0; k < (r->two ? 2 : 1); k++) {
        if (!r->s[k].exited && r->s[k].pidfd < 0) need_tick = 1;
        if (r->s[k].cpu_ms) cpu_tick = 1;
    }
    for (;;) {
        reap_all();
        int done = r->s[0].exited && (!r->two || r->s[1].exited);
        if (done) return;
        uint64_t now = now_ns();
        if (now >= deadline) {
            for (int k = 0; k < 2; k++)
                if (r->s[k].pid > 0 && !r->s[k].exited) {
                    r->s[k].flags |= FL_TIMED_OUT;
                }
            return;
        }
        for (int k = 0; cpu_tick && k < (r->two ? 2 : 1); k++) {
            struct side *s = &r->s[k];
            if (s->cpu_ms && s->pid > 0 && !s->exited) {
                long long used = cpu_so_far(s->pid);
                if (used >= 0 && (uint64_t)used > s->cpu_ms) {
                    s->flags |= FL_CPU_LIMIT;
                    return;
                }
            }
        }
        struct pollfd pf[8];
        int np = 0, i_in = -1, i_out = -1, i_err[2] = { -1, -1 };
        pf[np++] = (struct pollfd){ g_sigfd, POLLIN, 0 };
        for (int k = 0; k < 2; k++) {
            struct side *s = &r->s[k];
            if (s->pidfd >= 0 && !s->exited) pf[np++] = (struct pollfd){ s->pidfd, POLLIN, 0 };
            if (s->errfd >= 0) { i_err[k] = np; pf[np++] = (struct pollfd){ s->errfd, POLLIN, 0 }; }
        }
        if (r->s[0].outfd >= 0) { i_out = np; pf[np++] = (struct pollfd){ r->s[0].outfd, POLLIN, 0 }; }
        if (r->infd >= 0) { i_in = np; pf[np++] = (struct pollfd){ r->infd, POLLOUT, 0 }; }
        uint64_t left = deadline - now;
        if (need_tick && left > 10000000ull) left = 10000000ull;
        if (cpu_tick && left > CPU_TICK_NS) left = CPU_TICK_NS;
        if (left > 3600ull * 1000000000ull) left = 3600ull * 1000000000ull;
        struct timespec ts = { (time_t)(left / 1000000000ull), (long)(left % 1000000000ull) };
        int pr = ppoll(pf, (nfds_t)np, &ts, NULL);
        if (pr < 0 && errno != EINTR) { logmsg("ppoll: %s", strerror(errno)); sleep_ns(1000000); }
        if (pr <= 0) continue;
        if (pf[0].revents) drain_signalfd();
        if (i_in >= 0 && pf[i_in].revents) {
            ssize_t w = write(r->infd, r->in + r->inpos, r->inlen - r->inpos);
            if (w > 0) r->inpos += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || r->inpos >= r->inlen)
                close_fd(&r->infd);          /* done, or EPIPE: the program stopped reading */
        }
        for (int k = 0; k < 2; k++) {
            struct side *s = &r->s[k];
            if (i_err[k] >= 0 && pf[i_err[k]].revents) {
                int st = pump(s->errfd, &s->err, &s->err_total, r->output_cap);
                if (st == 0) close_fd(&s->errfd);
                if (st == 2) { s->flags |= FL_OUTPUT_LIMIT; return; }
            }
        }
        if (i_out >= 0 && pf[i_out].revents) {
            int st = pump(r->s[0].outfd, &r->s[0].out, &r->s[0].out_total, r->output_cap);
            if (st == 0) close_fd(&r->s[0].outfd);
            if (st == 2) { r->s[0].flags |= FL_OUTPUT_LIMIT; return; }
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Run: result                                                                                  */

/* Reads a COLLECT file (regular, no symlink anywhere on the way), at most cap+1 bytes. */
static int collect_one(int dirfd, const char *rel, uint64_t cap, struct buf *b)
{
    const char *last;
    int dfd = open_parent(dirfd, rel, 0, 0, 0, &last);
    if (dfd < 0) return -1;
    int fd = openat(dfd, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    close(dfd);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) { close(fd); return -1; }
    uint64_t want = cap + 1;
    while ((uint64_t)b->len < want) {
        size_t chunk = want - b->len > 1048576 ? 1048576 : (size_t)(want - b->len);
        buf_reserve(b, chunk);
        ssize_t n = read(fd, b->p + b->len, chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        b->len += (size_t)n;
    }
    close(fd);
    return 0;
}

static void result_side(struct run *r, struct side *s, int base, long long oom_after,
                        uint64_t wall_ms)
{
    uint64_t status, code = 0;
    uint64_t cpu = (uint64_t)s->ru.ru_utime.tv_sec * 1000 + (uint64_t)s->ru.ru_utime.tv_usec / 1000 +
                   (uint64_t)s->ru.ru_stime.tv_sec * 1000 + (uint64_t)s->ru.ru_stime.tv_usec / 1000;
    if (s->start_failed) status = 2;
    else if (WIFSIGNALED(s->wstatus)) { status = 1; code = (uint64_t)WTERMSIG(s->wstatus); }
    else { status = 0; code = (uint64_t)WEXITSTATUS(s->wstatus); }
    if (s->cpu_ms && cpu > s->cpu_ms && status != 2) s->flags |= FL_CPU_LIMIT;
    /* OOM: the counter rose and it died of a SIGKILL that was not the supervisor's. */
    if (status == 1 && code == SIGKILL && !s->killed && r->oom_before_known &&
        oom_after > r->oom_before)
        s->flags |= FL_OOM_KILLED;
    field_u64(base + R_STATUS, status);
    field_u64(base + R_CODE, code);
    if (!base) field_u64(R_WALL_MS, wall_ms);
    field_u64(base + R_CPU_MS, cpu);
    field_u64(base + R_MAXRSS_KB, (uint64_t)s->ru.ru_maxrss);
    field_u64(base + R_FLAGS, s->flags);
    if (!base && !r->two) field_bytes(R_STDOUT, s->out.p, s->out.len);
    field_bytes(base + R_STDERR, s->err.p, s->err.len);
    field_u64(base + R_UID, s->uid);
    if (status == 2) field_bytes(base + R_ERROR, s->errmsg, strlen(s->errmsg));
}

static void add_collected(struct run *r, struct side *s, int base)
{
    for (size_t i = 0; i < s->ncollect; i++) {
        struct buf b = { 0 };
        if (collect_one(s->dirfd, s->collect[i], r->collect_cap, &b) == 0) {
            size_t pl = strlen(s->collect[i]), need = 5 + 4 + pl + b.len;
            /* A RESULT never exceeds 64 MiB: what does not fit is left out like a missing file. */
            if (g_out.len - 4 + need <= MAX_FRAME) {
                uint8_t tag = (uint8_t)(base + R_COLLECTED);
                buf_add(&g_out, &tag, 1);
                buf_be32(&g_out, (uint32_t)(4 + pl + b.len));
                buf_be32(&g_out, (uint32_t)pl);
                buf_add(&g_out, s->collect[i], pl);
                buf_add(&g_out, b.p, b.len);
            } else {
                logmsg("COLLECT %s left out: the RESULT would exceed 64 MiB", s->collect[i]);
            }
        }
        buf_free(&b);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Run: the whole request                                                                       */

static int handle_run(struct frame *fr)
{
    struct run R;
    memset(&R, 0, sizeof R);
    struct run *r = &R;
    r->infd = -1;
    for (int k = 0; k < 2; k++) {
        struct side *s = &r->s[k];
        s->dirfd = s->parentfd = s->pidfd = s->errpipe = s->errfd = s->outfd = -1;
        s->h.trig = -1;
        s->h.pid = -1;
    }
    int rc = -1, n = 0;
    if (parse_run(fr, r) < 0) goto done;
    n = r->two ? 2 : 1;
    if (g_uid_base + g_next_n + (unsigned)n > 0xFFFFFFFEull) { fail("RUN: uids exhausted"); goto done; }
    for (int k = 0; k < n; k++) r->s[k].uid = (uid_t)(g_uid_base + g_next_n + (unsigned)k);

    /* 1-2: fresh dirs and files. On failure nothing has run: undo and reply ERROR. */
    for (int k = 0; k < n; k++)
        if (prepare_dir(&r->s[k], k ? "PEER_DIR" : "DIR") < 0) {
            for (int j = 0; j < n; j++) remove_dir(&r->s[j]);
            goto done;
        }
    g_next_n += (unsigned)n;
    rc = 0;

    /* The sweep helpers exist before any run process does. */
    for (int k = 0; k < n; k++) { helper_spawn(&r->s[k].h, r->s[k].uid); g_helpers[k] = &r->s[k].h; }
    g_run = r;

    /* 3: pipes. In two-process mode a = program -> peer, b = peer -> program. */
    int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err0[2] = { -1, -1 }, err1[2] = { -1, -1 };
    int ok = pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0 && pipe2(err0, O_CLOEXEC) == 0 &&
             (!r->two || pipe2(err1, O_CLOEXEC) == 0);

    /* 4: the OOM counter before. */
    r->oom_before = read_oom_kills();
    r->oom_before_known = r->oom_before >= 0;

    /* 5: fork. */
    uint64_t t_start = now_ns();
    if (!ok) {
        r->s[0].start_failed = r->s[0].exited = 1;
        snprintf(r->s[0].errmsg, sizeof r->s[0].errmsg, "pipe: %s", strerror(errno));
        if (r->two) { r->s[1].start_failed = r->s[1].exited = 1; strcpy(r->s[1].errmsg, r->s[0].errmsg); }
    } else if (!r->two) {
        start_side(r, &r->s[0], in[0], out[1], err0[1]);
        r->infd = in[1]; in[1] = -1;
        r->s[0].outfd = out[0]; out[0] = -1;
        r->s[0].errfd = err0[0]; err0[0] = -1;
    } else {
        /* program: stdin <- in (peer's stdout), stdout -> out (peer's stdin) */
        start_side(r, &r->s[0], in[0], out[1], err0[1]);
        start_side(r, &r->s[1], out[0], in[1], err1[1]);
        r->s[0].errfd = err0[0]; err0[0] = -1;
        r->s[1].errfd = err1[0]; err1[0] = -1;
    }
    int *all[] = { &in[0], &in[1], &out[0], &out[1], &err0[0], &err0[1], &err1[0], &err1[1] };
    for (size_t i = 0; i < 8; i++) close_fd(all[i]);
    for (int k = 0; k < n; k++) await_exec(&r->s[k]);
    if (r->infd >= 0) {
        fcntl(r->infd, F_SETFL, O_NONBLOCK);
        if (r->inlen == 0) close_fd(&r->infd);
    }
    for (int k = 0; k < n; k++) {
        if (r->s[k].errfd >= 0) fcntl(r->s[k].errfd, F_SETFL, O_NONBLOCK);
        if (r->s[k].outfd >= 0) fcntl(r->s[k].outfd, F_SETFL, O_NONBLOCK);
    }

    /* 6-7: the loop. */
    run_loop(r, t_start);

    /* 8: the kill sweep; what was still running is killed by the supervisor. */
    uint64_t t_kill = now_ns();
    for (int k = 0; k < n; k++)
        if (!r->s[k].exited && r->s[k].pid > 0) { r->s[k].killed = 1; r->s[k].t_end = t_kill; }
    close_fd(&r->infd);
    kill_sweep(r);
    long long oom_after = read_oom_kills();
    for (int k = 0; k < n; k++) {
        struct side *s = &r->s[k];
        if (s->errfd >= 0 && pump(s->errfd, &s->err, &s->err_total, r->output_cap) == 2)
            s->flags |= FL_OUTPUT_LIMIT;
        if (s->outfd >= 0 && pump(s->outfd, &s->out, &s->out_total, r->output_cap) == 2)
            s->flags |= FL_OUTPUT_LIMIT;
    }

    /* 9-10: RESULT (COLLECT read before DIR goes), then cleanup. */
    reply_begin(T_RESULT);
    /* WALL_MS: fork to the program's exit, or to the kill at a limit. */
    uint64_t wall = ((r->s[0].t_end ? r->s[0].t_end : t_kill) - t_start) / 1000000ull;
    for (int k = 0; k < n; k++) result_side(r, &r->s[k], k ? R_PEER : 0, oom_after, wall);
    for (int k = 0; k < n; k++) add_collected(r, &r->s[k], k ? R_PEER : 0);
    for (int k = 0; k < n; k++) {
        if (k == 0 && r->keep) seal_dir(r->s[0].dirfd);
        else remove_dir(&r->s[k]);
    }
    clear_shared_dirs();
    reply_send();
done:
    g_run = NULL;
    g_helpers[0] = g_helpers[1] = NULL;
    for (int k = 0; k < 2; k++)
        if (r->s[k].h.pid > 0 && !r->s[k].h.done) {
            /* Preparation failed after the helper existed, or it was never triggered. */
            close_fd(&r->s[k].h.trig);
            waitpid(r->s[k].h.pid, NULL, __WALL);
        }
    free_run(r);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Lifecycle                                                                                    */

/* Kills every run process: as PID 1 in the container's pid namespace, kill(-1) is exactly that.
 * Outside one (testing) only the uids this supervisor gave out are swept. */
static void kill_everything(void)
{
    if (getpid() == 1) {
        kill(-1, SIGKILL);
    } else {
        for (unsigned long long n = 1; n < g_next_n; n++) root_kill_uid((uid_t)(g_uid_base + n));
    }
    uint64_t t0 = now_ns();
    for (;;) {
        int st;
        pid_t p = waitpid(-1, &st, WNOHANG | __WALL);
        if (p > 0) continue;
        if (p < 0 && errno == ECHILD) break;
        if (now_ns() - t0 > 2000000000ull) break;
        sleep_ns(1000000);
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: supervisor [--uid-base N] [--idle-timeout SECONDS] [--version]\n");
    exit(2);
}

static unsigned long long parse_num(const char *s)
{
    char *e;
    errno = 0;
    if (!s || !*s || *s == '-') usage();
    unsigned long long v = strtoull(s, &e, 10);
    if (errno || *e) usage();
    return v;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--version")) { printf("%s\n", VERSION_LINE); return 0; }
        else if (!strcmp(argv[i], "--uid-base") && i + 1 < argc) g_uid_base = parse_num(argv[++i]);
        else if (!strcmp(argv[i], "--idle-timeout") && i + 1 < argc) {
            unsigned long long v = parse_num(argv[++i]);
            g_idle_timeout_s = v > 86400ull * 365 ? 86400L * 365 : (long)v;
        } else usage();
    }
    /* The base itself is the sweep helpers' real uid, so it must not be root. */
    if (g_uid_base < 1 || g_uid_base > 0xF0000000ull) usage();

    /* fds 0-2 must exist so that pipes never land on them. */
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) return 3;
    umask(0);
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    g_sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);       /* /proc/1/fd and the like stay out of reach */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);  /* orphans come here even when not PID 1 */
    g_rootfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    g_procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (g_rootfd < 0 || g_procfd < 0 || g_sigfd < 0) {
        logmsg("cannot open / or /proc or a signalfd: %s", strerror(errno));
        return 3;
    }
    if (getpid() != 1) logmsg("warning: not PID 1; orphans and kill(-1) behave differently");

    for (;;) {
        struct frame fr;
        int r = read_frame(&fr);
        if (r == RD_EOF || r == RD_IDLE) {
            if (r == RD_IDLE) logmsg("idle for %ld s: exiting", g_idle_timeout_s);
            kill_everything();
            return 0;
        }
        g_err[0] = 0;
        int rc = 0;
        if (fr.type == T_PUT) {
            rc = handle_put(&fr);
            if (rc == 0) reply_simple(T_OK);
        } else if (fr.type == T_RUN) {
            rc = handle_run(&fr);          /* writes RESULT itself */
        } else {
            if (fr.nf) { rc = fail("FINISH: unknown field tag 0x%02x", fr.f[0].tag); }
            else {
                kill_everything();
                reply_simple(T_BYE);
                return 0;
            }
        }
        if (rc < 0) {
            logmsg("request error: %s", g_err);
            reply_error(g_err[0] ? g_err : "request error");
        }
        frame_free(&fr);
    }
}
