/*
 * Load generator for the server benchmarks: one thread, epoll, no allocation on the hot path,
 * so that on a 2-core machine it leaves a whole core to the server under test. It reports its
 * own CPU time so the harness can show it was not the bottleneck.
 *
 * Modes (one JSON object on stdout when done):
 *   closed     N connections, each sends `bench\n` and waits for its `Hello, bench!` (depth 1)
 *   pipelined  the same with --depth requests in flight per connection
 *   capacity   opens N connections, counts greetings, sends one request on each, prints the
 *              result, then holds every connection open until stdin closes (so the harness can
 *              read the server's memory meanwhile)
 *
 * Usage: loadgen --port P [--host 127.0.0.1] [--mode closed|pipelined|capacity] [--conns N]
 *                [--depth D] [--warmup S] [--duration S] [--timeout S]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IN_CAP 4096
#define MAX_DEPTH 64
#define MAX_EVENTS 1024
#define MAX_PENDING_CONNECTS 256

enum state { IDLE, CONNECTING, WAIT_BANNER, READY, RUNNING, DEAD };
enum mode { CLOSED, PIPELINED, CAPACITY };

struct conn {
  int fd;
  enum state state;
  size_t in_len;
  uint64_t sent_at[MAX_DEPTH]; /* ring of send times of requests in flight */
  unsigned head, inflight;
  uint64_t responses, window_responses;
  char in[IN_CAP];
};

static const char REQUEST[] = "bench\n";
#define REQ_LEN (sizeof REQUEST - 1)

static struct {
  uint64_t connect, reset, eof, err_line, short_write, timeout;
} errors;

static int epfd;
static struct conn *conns;
static int nconns, depth = 1;
static enum mode mode = CLOSED;
static struct sockaddr_in target;
static int pending_connects, next_to_connect;
static int greeted;
static uint64_t window_start, window_end;
static int sending = 1;

/* Latencies of responses completed inside the measured window, in ns. */
static uint64_t *lat;
static size_t lat_len, lat_cap;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t cpu_ns(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) * 1000000000u +
         ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) * 1000u;
}

static void record(uint64_t ns) {
  if (lat_len == lat_cap) {
    lat_cap = lat_cap ? lat_cap * 2 : 1 << 20;
    lat = realloc(lat, lat_cap * sizeof *lat);
    if (!lat) {
      perror("realloc");
      exit(1);
    }
  }
  lat[lat_len++] = ns;
}

static void kill_conn(struct conn *c) {
  if (c->state == CONNECTING) pending_connects--;
  if (c->fd >= 0) close(c->fd);
  c->fd = -1;
  c->state = DEAD;
}

static void start_connect(struct conn *c) {
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (c->fd < 0) {
    errors.connect++;
    c->state = DEAD;
    return;
  }
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int r = connect(c->fd, (struct sockaddr *)&target, sizeof target);
  if (r < 0 && errno != EINPROGRESS) {
    errors.connect++;
    close(c->fd);
    c->fd = -1;
    c->state = DEAD;
    return;
  }
  c->state = CONNECTING;
  pending_connects++;
  struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
}

static void connect_more(void) {
  while (next_to_connect < nconns && pending_connects < MAX_PENDING_CONNECTS)
    start_connect(&conns[next_to_connect++]);
}

/* Sends `count` requests in one write. */
static void send_requests(struct conn *c, unsigned count) {
  static char buf[REQ_LEN * MAX_DEPTH];
  if (!sending || count == 0) return;
  for (unsigned i = 0; i < count; i++) memcpy(buf + i * REQ_LEN, REQUEST, REQ_LEN);
  uint64_t t = now_ns();
  ssize_t n = write(c->fd, buf, REQ_LEN * count);
  if (n != (ssize_t)(REQ_LEN * count)) {
    if (n < 0 && errno != EAGAIN) errors.reset++;
    else errors.short_write++;
    kill_conn(c);
    return;
  }
  for (unsigned i = 0; i < count; i++) {
    c->sent_at[(c->head + c->inflight) % MAX_DEPTH] = t;
    c->inflight++;
  }
}

static void on_line(struct conn *c, const char *line, size_t len) {
  if (len >= 4 && memcmp(line, "ERR ", 4) == 0) {
    errors.err_line++;
    return;
  }
  if (c->state == WAIT_BANNER) {
    if (len >= 7 && memcmp(line, "Welcome", 7) == 0) {
      c->state = READY;
      greeted++;
    }
    return;
  }
  if (len < 7 || memcmp(line, "Hello, ", 7) != 0 || c->inflight == 0) return;
  uint64_t t = now_ns();
  uint64_t sent = c->sent_at[c->head];
  c->head = (c->head + 1) % MAX_DEPTH;
  c->inflight--;
  c->responses++;
  if (t >= window_start && t < window_end) {
    record(t - sent);
    c->window_responses++;
  }
}

static void on_readable(struct conn *c) {
  for (;;) {
    ssize_t n = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
    if (n == 0) {
      errors.eof++;
      kill_conn(c);
      return;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      errors.reset++;
      kill_conn(c);
      return;
    }
    int drained = (size_t)n < IN_CAP - c->in_len;
    c->in_len += (size_t)n;
    size_t start = 0;
    unsigned before = c->inflight;
    for (;;) {
      char *lf = memchr(c->in + start, '\n', c->in_len - start);
      if (!lf) break;
      size_t end = (size_t)(lf - c->in);
      on_line(c, c->in + start, end - start);
      start = end + 1;
    }
    memmove(c->in, c->in + start, c->in_len - start);
    c->in_len -= start;
    if (c->in_len == IN_CAP) c->in_len = 0;
    /* Keep `depth` in flight: refill what this read completed, in one write. */
    if (c->state == RUNNING && before > c->inflight) send_requests(c, before - c->inflight);
    if (c->state == DEAD || drained) break;
  }
}

static void on_event(struct conn *c, uint32_t events) {
  if (c->state == DEAD) return;
  if (c->state == CONNECTING) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0 || (events & EPOLLERR)) {
      errors.connect++;
      kill_conn(c);
      connect_more();
      return;
    }
    pending_connects--;
    c->state = WAIT_BANNER;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    connect_more();
    if (!(events & EPOLLIN)) return;
  }
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
}

static int poll_once(int timeout_ms) {
  static struct epoll_event events[MAX_EVENTS];
  int n = epoll_wait(epfd, events, MAX_EVENTS, timeout_ms);
  if (n < 0 && errno != EINTR) {
    perror("epoll_wait");
    exit(1);
  }
  for (int i = 0; i < n; i++) on_event(events[i].data.ptr, events[i].events);
  return n;
}

static int ms_until(uint64_t deadline) {
  uint64_t t = now_ns();
  return t >= deadline ? 0 : (int)((deadline - t) / 1000000u) + 1;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static double pct_us(double p) {
  if (lat_len == 0) return 0;
  size_t i = (size_t)(p * (double)(lat_len - 1) + 0.5);
  return (double)lat[i] / 1000.0;
}

static int alive(void) {
  int a = 0;
  for (int i = 0; i < nconns; i++) a += conns[i].state != DEAD;
  return a;
}

static void print_errors(void) {
  uint64_t total = errors.connect + errors.reset + errors.eof + errors.err_line +
                   errors.short_write + errors.timeout;
  printf("\"errors\":%llu,\"error_kinds\":{\"connect\":%llu,\"reset\":%llu,\"eof\":%llu,"
         "\"err_line\":%llu,\"short_write\":%llu,\"timeout\":%llu}",
         (unsigned long long)total, (unsigned long long)errors.connect,
         (unsigned long long)errors.reset, (unsigned long long)errors.eof,
         (unsigned long long)errors.err_line, (unsigned long long)errors.short_write,
         (unsigned long long)errors.timeout);
}

/* Connects everything and waits for every banner (or the deadline). */
static uint64_t open_all(uint64_t deadline) {
  uint64_t t0 = now_ns();
  connect_more();
  while (greeted + (nconns - alive()) < nconns && now_ns() < deadline) {
    poll_once(ms_until(deadline));
    connect_more();
  }
  for (int i = 0; i < nconns; i++) {
    if (conns[i].state == CONNECTING || conns[i].state == WAIT_BANNER) {
      errors.timeout++;
      kill_conn(&conns[i]);
    }
  }
  return now_ns() - t0;
}

static void run_load(double warmup_s, double duration_s, double timeout_s) {
  uint64_t greet_ns = open_all(now_ns() + (uint64_t)(timeout_s * 1e9));
  uint64_t t0 = now_ns();
  window_start = t0 + (uint64_t)(warmup_s * 1e9);
  window_end = window_start + (uint64_t)(duration_s * 1e9);
  for (int i = 0; i < nconns; i++) {
    if (conns[i].state != READY) continue;
    conns[i].state = RUNNING;
    send_requests(&conns[i], (unsigned)depth);
  }
  while (now_ns() < window_start) poll_once(ms_until(window_start));
  /* Markers let the harness sample the server's CPU time over the same window. */
  fputs("window-start\n", stderr);
  uint64_t cpu0 = cpu_ns();
  while (now_ns() < window_end) poll_once(ms_until(window_end));
  uint64_t cpu1 = cpu_ns();
  fputs("window-end\n", stderr);
  /* Let what is in flight come back so the server sees orderly closes, not resets. */
  sending = 0;
  uint64_t drain_deadline = now_ns() + 2000000000u;
  for (;;) {
    int inflight = 0;
    for (int i = 0; i < nconns; i++)
      if (conns[i].state == RUNNING) inflight += conns[i].inflight > 0;
    if (!inflight || now_ns() >= drain_deadline) break;
    poll_once(ms_until(drain_deadline));
  }
  int starved = 0;
  uint64_t min_resp = UINT64_MAX;
  for (int i = 0; i < nconns; i++) {
    if (conns[i].window_responses == 0) starved++;
    if (conns[i].window_responses < min_resp) min_resp = conns[i].window_responses;
  }
  qsort(lat, lat_len, sizeof *lat, cmp_u64);
  double sum = 0;
  for (size_t i = 0; i < lat_len; i++) sum += (double)lat[i];
  double wall_s = (double)(window_end - window_start) / 1e9;
  printf("{\"mode\":\"%s\",\"conns\":%d,\"depth\":%d,\"duration_s\":%.3f,\"greeted\":%d,"
         "\"greet_ms\":%.1f,\"messages\":%zu,\"msgs_per_s\":%.1f,\"p50_us\":%.1f,"
         "\"p99_us\":%.1f,\"p999_us\":%.1f,\"max_us\":%.1f,\"mean_us\":%.1f,"
         "\"starved_conns\":%d,\"min_conn_msgs\":%llu,\"loadgen_cpu_ms\":%.1f,",
         mode == CLOSED ? "closed" : "pipelined", nconns, depth, wall_s, greeted,
         (double)greet_ns / 1e6, lat_len, (double)lat_len / wall_s, pct_us(0.5), pct_us(0.99),
         pct_us(0.999), lat_len ? (double)lat[lat_len - 1] / 1000.0 : 0.0,
         lat_len ? sum / (double)lat_len / 1000.0 : 0.0, starved,
         (unsigned long long)(min_resp == UINT64_MAX ? 0 : min_resp), (double)(cpu1 - cpu0) / 1e6);
  print_errors();
  printf("}\n");
  fflush(stdout);
}

static void run_capacity(double timeout_s) {
  uint64_t cpu0 = cpu_ns();
  uint64_t deadline = now_ns() + (uint64_t)(timeout_s * 1e9);
  uint64_t greet_ns = open_all(deadline);
  /* One exchange on every connection: held open is not enough, each must still be served. */
  window_start = 0;
  window_end = UINT64_MAX;
  for (int i = 0; i < nconns; i++) {
    if (conns[i].state != READY) continue;
    conns[i].state = RUNNING;
    send_requests(&conns[i], 1);
  }
  sending = 0;
  int served = 0;
  while (now_ns() < deadline) {
    served = 0;
    int waiting = 0;
    for (int i = 0; i < nconns; i++) {
      served += conns[i].responses > 0;
      waiting += conns[i].state == RUNNING && conns[i].inflight > 0;
    }
    if (!waiting) break;
    poll_once(ms_until(deadline));
  }
  served = 0;
  for (int i = 0; i < nconns; i++) {
    served += conns[i].responses > 0;
    if (conns[i].state == RUNNING && conns[i].inflight > 0) errors.timeout++;
  }
  qsort(lat, lat_len, sizeof *lat, cmp_u64);
  printf("{\"mode\":\"capacity\",\"conns\":%d,\"greeted\":%d,\"served\":%d,\"open\":%d,"
         "\"greet_ms\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"loadgen_cpu_ms\":%.1f,",
         nconns, greeted, served, alive(), (double)greet_ns / 1e6, pct_us(0.5), pct_us(0.99),
         (double)(cpu_ns() - cpu0) / 1e6);
  print_errors();
  printf("}\n");
  fflush(stdout);
  /* Hold everything open until the harness has looked at the server; keep reading so a
     server-side close still shows up as an error in a later report. */
  struct pollfd in = {.fd = 0, .events = POLLIN};
  for (;;) {
    if (poll(&in, 1, 0) > 0) break;
    poll_once(100);
  }
}

int main(int argc, char **argv) {
  const char *host = "127.0.0.1";
  int port = 0;
  nconns = 1;
  double warmup = 0.5, duration = 2, timeout = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--host")) host = v;
    else if (!strcmp(k, "--port")) port = atoi(v);
    else if (!strcmp(k, "--conns")) nconns = atoi(v);
    else if (!strcmp(k, "--depth")) depth = atoi(v);
    else if (!strcmp(k, "--warmup")) warmup = atof(v);
    else if (!strcmp(k, "--duration")) duration = atof(v);
    else if (!strcmp(k, "--timeout")) timeout = atof(v);
    else if (!strcmp(k, "--mode")) {
      if (!strcmp(v, "closed")) mode = CLOSED;
      else if (!strcmp(v, "pipelined")) mode = PIPELINED;
      else if (!strcmp(v, "capacity")) mode = CAPACITY;
      else {
        fprintf(stderr, "loadgen: unknown mode %s\n", v);
        return 2;
      }
    } else {
      fprintf(stderr, "loadgen: unknown option %s\n", k);
      return 2;
    }
  }
  if (mode == CLOSED) depth = 1;
  if (port <= 0 || nconns < 1 || depth < 1 || depth > MAX_DEPTH) {
    fprintf(stderr, "loadgen: need --port, --conns >= 1, 1 <= --depth <= %d\n", MAX_DEPTH);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  if ((rlim_t)nconns + 16 > rl.rlim_cur) {
    fprintf(stderr, "loadgen: %d connections need more file descriptors than the limit %llu\n",
            nconns, (unsigned long long)rl.rlim_cur);
    return 3;
  }
  target.sin_family = AF_INET;
  target.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &target.sin_addr) != 1) {
    fprintf(stderr, "loadgen: --host must be an IPv4 address\n");
    return 2;
  }
  conns = calloc((size_t)nconns, sizeof *conns);
  if (!conns) return 1;
  for (int i = 0; i < nconns; i++) conns[i].fd = -1;
  epfd = epoll_create1(0);
  if (mode == CAPACITY) run_capacity(timeout);
  else run_load(warmup, duration, timeout);
  return 0;
}
