/*
 * Chat load generator for the chat benchmarks: N clients in one room of a chat server
 * (tcpchat, `ncat --chat` or an IRC server), S of them sending, K never reading. One thread,
 * epoll, non-blocking sockets; it reports its own CPU time so the harness can show it was
 * not the bottleneck.
 *
 * Every message carries its sender, a sequence number and its send time (CLOCK_MONOTONIC,
 * shared by every process on the machine): `@@ SSSSSS QQQQQQQQQQ TTTTTTTTTTTTTTTTTTTT`.
 * A receiver checks each one is whole and in order per sender; latency is receive time
 * minus send time. One JSON object on stdout when done.
 *
 * Usage: chatgen --port P --proto tcpchat|ncat|irc [--clients N] [--senders S] [--stalled K]
 *                [--rate R (msg/s per sender; 0 = flat out)] [--duration D (with a rate)]
 *                [--messages M (per sender, flat out)] [--timeout T] [--idle I]
 *                [--port2 P2 (odd-numbered clients connect there: two servers sharing a
 *                 room; latency is then also reported apart for lines that crossed servers)]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IN_CAP 65536
#define OUT_CAP (1 << 20)
#define MAX_EVENTS 512
#define MAX_SENDERS 64
#define PAYLOAD_LEN 41 /* "@@ " + 6 + " " + 10 + " " + 20 */

enum proto { TCPCHAT, NCAT, IRC };
enum state { CONNECTING, HANDSHAKE, READY, DEAD };

struct client {
  int fd, id;
  enum state state;
  int stalled, sender; /* sender: index among senders, or -1 */
  int want_out;        /* EPOLLOUT is being watched (only while writes wait) */
  size_t in_len, out_len, out_off;
  uint64_t sent, last_send_ns;
  int64_t last_seq[MAX_SENDERS];
  uint64_t got;
  char last[128]; /* a stalled client's last line, read after the run: was it told why? */
  char in[IN_CAP];
  char *out;
};

static enum proto proto = TCPCHAT;
static int nclients = 200, nsenders = 20, nstalled = 0;
static double rate = 5, duration_s = 10, timeout_s = 120, idle_s = 5;
static uint64_t messages = 0;
static struct sockaddr_in target, target2;
static int two_servers;
static struct client *clients;
static int epfd, ready_count, next_to_connect;
/* Joins in flight at once: a burst of hundreds of SYNs overflows a small listen backlog, and
 * the retransmits (1 s, 3 s, 7 s...) would be measured as the server's join time. */
#define JOINS_IN_FLIGHT 8
static uint64_t received, corrupted, misordered, overflow, stalled_dropped, conn_errors;
struct lats {
  uint64_t *v;
  size_t len, cap;
};
static struct lats all_lat, cross_lat, same_lat;
#define lat all_lat.v
#define lat_len all_lat.len
static int sending, draining;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void push(struct lats *l, uint64_t ns) {
  if (l->len == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 1 << 16;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
    if (!l->v) abort();
  }
  l->v[l->len++] = ns;
}

/* Sender s is client s: with two servers, client i is on server i % 2. */
static void record(uint64_t ns, int sender, int receiver) {
  push(&all_lat, ns);
  if (two_servers) push(sender % 2 == receiver % 2 ? &same_lat : &cross_lat, ns);
}

static void watch(struct client *c, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void kill_client(struct client *c) {
  if (c->state == DEAD) return;
  if (c->stalled) stalled_dropped++;
  else conn_errors++;
  c->state = DEAD;
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
}

/* What a live client listens for: a stalled one, once measuring, only for being dropped. */
static uint32_t interest(struct client *c, int out) {
  if (c->stalled && c->state == READY && sending && !draining) return EPOLLRDHUP;
  return EPOLLIN | EPOLLRDHUP | (out ? EPOLLOUT : 0);
}

/* Writes what is queued; returns 0 when the socket is full (EPOLLOUT is watched then). */
static int flush(struct client *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    if (n < 0) {
      if (errno == EAGAIN) {
        if (!c->want_out) watch(c, interest(c, c->want_out = 1));
        return 0;
      }
      kill_client(c);
      return 0;
    }
    c->out_off += (size_t)n;
  }
  c->out_off = c->out_len = 0;
  if (c->want_out) watch(c, interest(c, c->want_out = 0));
  return 1;
}

static void queue_text(struct client *c, const char *text) {
  size_t len = strlen(text);
  if (c->out_len + len > OUT_CAP) return;
  memcpy(c->out + c->out_len, text, len);
  c->out_len += len;
}

/* Queues one message of sender `c`; returns 0 when its buffer is full. */
static int queue_message(struct client *c) {
  char line[128];
  int n = snprintf(line, sizeof line, "%s@@ %06d %010llu %020llu%s",
                   proto == IRC ? "PRIVMSG #bench :" : "", c->sender, (unsigned long long)c->sent,
                   (unsigned long long)now_ns(), proto == IRC ? "\r\n" : "\n");
  if (c->out_len + (size_t)n > OUT_CAP) return 0;
  memcpy(c->out + c->out_len, line, (size_t)n);
  c->out_len += (size_t)n;
  c->sent++;
  return 1;
}

static void on_ready(struct client *c) {
  c->state = READY;
  ready_count++;
}

static void handshake_line(struct client *c, const char *line) {
  if (proto == TCPCHAT) {
    if (strncmp(line, "*** #bench: ", 12) == 0) on_ready(c);
  } else if (proto == NCAT) {
    /* Its greeting to a new client: only now is it in the room (accepted, not just queued). */
    if (strncmp(line, "<announce> ", 11) == 0) on_ready(c);
  } else if (proto == IRC) {
    const char *code = strchr(line, ' ');
    if (!code) return;
    if (strncmp(code, " 001 ", 5) == 0) {
      queue_text(c, "JOIN #bench\r\n");
      flush(c);
    } else if (strncmp(code, " 366 ", 5) == 0) {
      on_ready(c);
    }
  }
}

static int digits(const char *p, int n, uint64_t *out) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return 0;
    v = v * 10 + (uint64_t)(p[i] - '0');
  }
  *out = v;
  return 1;
}

static void message_line(struct client *c, const char *line, size_t len, uint64_t at) {
  if (c->stalled) {
    snprintf(c->last, sizeof c->last, "%.*s", (int)(len < 120 ? len : 120), line);
    return;
  }
  if (proto == IRC && strncmp(line, "PING", 4) == 0) {
    char pong[256];
    snprintf(pong, sizeof pong, "PONG%.*s\r\n", (int)(len > 200 ? 200 : len - 4), line + 4);
    queue_text(c, pong);
    flush(c);
    return;
  }
  const char *m = memmem(line, len, "@@ ", 3);
  if (!m) return;
  size_t rest = len - (size_t)(m - line);
  uint64_t s, q, t;
  if (rest != PAYLOAD_LEN || m[9] != ' ' || m[20] != ' ' || !digits(m + 3, 6, &s) ||
      !digits(m + 10, 10, &q) || !digits(m + 21, 20, &t) || s >= (uint64_t)nsenders) {
    corrupted++;
    return;
  }
  if ((int)s == c->sender) return; /* a server that echoes to the sender */
  if ((int64_t)q != c->last_seq[s] + 1) misordered++;
  c->last_seq[s] = (int64_t)q;
  c->got++;
  received++;
  record(at - t, (int)s, c->id);
}

static void on_readable(struct client *c) {
  for (;;) {
    if (c->in_len == IN_CAP) { /* a line longer than we hold: drop it */
      overflow++;
      c->in_len = 0;
    }
    ssize_t n = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
    if (n == 0) {
      kill_client(c);
      return;
    }
    if (n < 0) {
      if (errno != EAGAIN) kill_client(c);
      return;
    }
    uint64_t at = now_ns();
    size_t end = c->in_len + (size_t)n, start = 0;
    for (size_t i = c->in_len; i < end; i++) {
      if (c->in[i] != '\n') continue;
      size_t len = i - start;
      if (len > 0 && c->in[start + len - 1] == '\r') len--;
      c->in[start + len] = '\0';
      if (c->state == HANDSHAKE) handshake_line(c, c->in + start);
      else message_line(c, c->in + start, len, at);
      if (c->state == DEAD) return;
      start = i + 1;
    }
    memmove(c->in, c->in + start, end - start);
    c->in_len = end - start;
  }
}

static void on_connected(struct client *c) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err) {
    kill_client(c);
    return;
  }
  c->state = HANDSHAKE;
  char text[128];
  if (proto == TCPCHAT) {
    queue_text(c, "/join #bench\n");
  } else if (proto == IRC) {
    snprintf(text, sizeof text, "NICK b%d\r\nUSER b%d 0 * :bench\r\n", c->id, c->id);
    queue_text(c, text);
  }
  watch(c, interest(c, 0));
  flush(c);
}

static void on_event(struct client *c, uint32_t events) {
  if (c->state == DEAD) return;
  if (c->state == CONNECTING) {
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(c);
    return;
  }
  if (c->stalled && c->state == READY && sending && !draining) {
    if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) kill_client(c);
    return;
  }
  if (events & EPOLLIN) on_readable(c);
  if (c->state != DEAD && (events & EPOLLOUT)) flush(c);
  if (c->state != DEAD && (events & (EPOLLHUP | EPOLLERR))) kill_client(c);
}

static int poll_once(int timeout_ms) {
  struct epoll_event evs[MAX_EVENTS];
  int n = epoll_wait(epfd, evs, MAX_EVENTS, timeout_ms);
  for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events);
  return n;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static double pct_of(const struct lats *l, double p) {
  if (l->len == 0) return 0;
  size_t i = (size_t)(p * (double)(l->len - 1));
  return (double)l->v[i] / 1000.0;
}

static double pct_us(double p) { return pct_of(&all_lat, p); }

static void start_connect(struct client *c) {
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c->state = CONNECTING;
  struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
  const struct sockaddr_in *to = two_servers && c->id % 2 ? &target2 : &target;
  if (connect(c->fd, (const struct sockaddr *)to, sizeof *to) < 0 && errno != EINPROGRESS) {
    kill_client(c);
  }
}

static void connect_more(void) {
  int in_flight = next_to_connect - ready_count - (int)conn_errors;
  while (next_to_connect < nclients && in_flight < JOINS_IN_FLIGHT) {
    start_connect(&clients[next_to_connect++]);
    in_flight++;
  }
}

int main(int argc, char **argv) {
  int port = 0, port2 = 0;
  const char *host = "127.0.0.1";
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--port")) port = atoi(v);
    else if (!strcmp(k, "--port2")) port2 = atoi(v);
    else if (!strcmp(k, "--host")) host = v;
    else if (!strcmp(k, "--proto")) proto = !strcmp(v, "irc") ? IRC : !strcmp(v, "ncat") ? NCAT : TCPCHAT;
    else if (!strcmp(k, "--clients")) nclients = atoi(v);
    else if (!strcmp(k, "--senders")) nsenders = atoi(v);
    else if (!strcmp(k, "--stalled")) nstalled = atoi(v);
    else if (!strcmp(k, "--rate")) rate = atof(v);
    else if (!strcmp(k, "--duration")) duration_s = atof(v);
    else if (!strcmp(k, "--messages")) messages = strtoull(v, NULL, 10);
    else if (!strcmp(k, "--timeout")) timeout_s = atof(v);
    else if (!strcmp(k, "--idle")) idle_s = atof(v);
    else {
      fprintf(stderr, "chatgen: unknown option %s\n", k);
      return 2;
    }
  }
  if (port <= 0 || nsenders < 1 || nsenders > MAX_SENDERS || nclients < nsenders + nstalled + 1 ||
      (rate <= 0 && messages == 0)) {
    fprintf(stderr, "chatgen: need --port, 1 <= --senders <= %d, --clients > senders + stalled, "
                    "and --rate > 0 or --messages\n", MAX_SENDERS);
    return 2;
  }
  target.sin_family = AF_INET;
  target.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, host, &target.sin_addr);
  if (port2 > 0) {
    two_servers = 1;
    target2 = target;
    target2.sin_port = htons((uint16_t)port2);
  }
  epfd = epoll_create1(0);
  clients = calloc((size_t)nclients, sizeof *clients);

  uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)(timeout_s * 1e9);
  for (int i = 0; i < nclients; i++) {
    struct client *c = &clients[i];
    c->id = i;
    c->out = malloc(OUT_CAP);
    c->sender = i < nsenders ? i : -1;
    c->stalled = i >= nclients - nstalled;
    c->state = DEAD;
    for (int s = 0; s < MAX_SENDERS; s++) c->last_seq[s] = -1;
  }
  while (ready_count + (int)conn_errors < nclients && now_ns() < deadline) {
    connect_more();
    poll_once(10);
  }
  uint64_t joined = now_ns();
  double join_ms = (double)(joined - t0) / 1e6;
  /* Let the join notices drain before measuring. */
  for (uint64_t settle = now_ns() + 300000000u; now_ns() < settle;) poll_once(10);

  sending = 1;
  for (int i = 0; i < nclients; i++) {
    struct client *c = &clients[i];
    if (c->stalled && c->state == READY) watch(c, interest(c, 0)); /* never read again */
  }
  int readers = 0;
  for (int i = 0; i < nclients; i++) readers += !clients[i].stalled && clients[i].state == READY;
  uint64_t total = rate > 0 ? (uint64_t)(rate * duration_s) : messages; /* per sender */
  uint64_t interval = rate > 0 ? (uint64_t)(1e9 / rate) : 0;
  uint64_t start = now_ns(), last_progress = start, last_received = 0;
  double cpu0 = cpu_s();
  for (int s = 0; s < nsenders; s++) clients[s].last_send_ns = start + (uint64_t)s * (interval / (uint64_t)nsenders + 1);
  for (;;) {
    uint64_t now = now_ns();
    int all_sent = 1, wait_ms = 50;
    for (int s = 0; s < nsenders; s++) {
      struct client *c = &clients[s];
      if (c->state != READY || c->sent >= total) continue;
      all_sent = 0;
      if (interval) {
        while (c->sent < total && now >= c->last_send_ns) {
          queue_message(c);
          c->last_send_ns += interval;
        }
        int ms = (int)((c->last_send_ns - now) / 1000000u) + 1;
        if (ms < wait_ms) wait_ms = ms;
      } else if (c->out_len == 0) {
        while (c->sent < total && queue_message(c)) {}
        wait_ms = 0;
      }
      flush(c);
    }
    poll_once(wait_ms);
    now = now_ns();
    uint64_t expected = 0;
    for (int s = 0; s < nsenders; s++) expected += clients[s].sent * (uint64_t)(readers - (clients[s].stalled ? 0 : 1));
    if (received != last_received) {
      last_received = received;
      last_progress = now;
    }
    if (all_sent && received >= expected) break;
    if (all_sent && now - last_progress > (uint64_t)(idle_s * 1e9)) break;
    if (now > deadline) break;
  }
  uint64_t end = last_progress > start ? last_progress : now_ns();
  double cpu = cpu_s() - cpu0;
  /* Read what the stalled clients were left: dropped (EOF or reset), and told why? */
  draining = 1;
  int stalled_open = 0;
  for (int i = 0; i < nclients; i++) {
    struct client *c = &clients[i];
    if (!c->stalled || c->state == DEAD) continue;
    stalled_open++;
    watch(c, interest(c, 0));
  }
  for (uint64_t until = now_ns() + (uint64_t)(idle_s * 1e9); stalled_open > 0 && now_ns() < until;) {
    poll_once(20);
    stalled_open = 0;
    for (int i = 0; i < nclients; i++) stalled_open += clients[i].stalled && clients[i].state != DEAD;
  }
  int told = 0;
  for (int i = 0; i < nclients; i++) {
    struct client *c = &clients[i];
    if (c->stalled && c->state == DEAD &&
        (strstr(c->last, "too slow") || !strncmp(c->last, "ERR", 3))) told++;
  }
  uint64_t sent = 0, expected = 0;
  for (int s = 0; s < nsenders; s++) {
    sent += clients[s].sent;
    expected += clients[s].sent * (uint64_t)(readers - 1);
  }
  qsort(lat, lat_len, sizeof *lat, cmp_u64);
  if (two_servers) {
    qsort(cross_lat.v, cross_lat.len, sizeof *cross_lat.v, cmp_u64);
    qsort(same_lat.v, same_lat.len, sizeof *same_lat.v, cmp_u64);
  }
  double secs = (double)(end - start) / 1e9;
  printf("{\"proto\":\"%s\",\"clients\":%d,\"senders\":%d,\"stalled\":%d,\"readers\":%d,"
         "\"join_ms\":%.1f,\"sent\":%llu,\"expected\":%llu,\"received\":%llu,\"complete\":%s,"
         "\"corrupted\":%llu,\"misordered\":%llu,\"overflow\":%llu,\"seconds\":%.3f,"
         "\"deliveries_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,"
         "\"stalled_dropped\":%llu,\"stalled_told\":%d,\"conn_errors\":%llu,"
         "\"loadgen_cpu_s\":%.3f",
         proto == IRC ? "irc" : proto == NCAT ? "ncat" : "tcpchat", nclients, nsenders, nstalled,
         readers, join_ms, (unsigned long long)sent, (unsigned long long)expected,
         (unsigned long long)received, received >= expected && corrupted == 0 ? "true" : "false",
         (unsigned long long)corrupted, (unsigned long long)misordered,
         (unsigned long long)overflow, secs, secs > 0 ? (double)received / secs : 0,
         pct_us(0.5), pct_us(0.99), pct_us(1.0), (unsigned long long)stalled_dropped, told,
         (unsigned long long)conn_errors, cpu);
  if (two_servers) {
    printf(",\"cross_p50_us\":%.1f,\"cross_p99_us\":%.1f,\"same_p50_us\":%.1f,\"same_p99_us\":%.1f",
           pct_of(&cross_lat, 0.5), pct_of(&cross_lat, 0.99), pct_of(&same_lat, 0.5),
           pct_of(&same_lat, 0.99));
  }
  printf("}\n");
  return 0;
}
