/*
 * The ceiling: a minimal single-threaded epoll line server speaking the benchmarked subset of
 * the tcpchat protocol (banner on connect, `Hello, NAME!` for every non-empty line). No limits,
 * no sanitising: it shows what one core of this machine can do, not what a real server should.
 *
 * Usage: epoll-server [PORT]   prints `listening on 127.0.0.1:PORT` on stdout when ready.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define IN_CAP 8192 /* longest unfinished line kept (no limit enforcement beyond that) */
#define READ_CAP (64 * 1024)
#define MAX_EVENTS 512

static const char BANNER[] = "Welcome!\nType \"help\" for commands.\n";

/* Per connection only what must outlive one read: an unfinished line and unsent replies, both
   allocated only when needed, so 10,000 idle connections cost a few hundred KB. */
struct conn {
  int fd;
  int want_out; /* EPOLLOUT registered */
  char *tail;   /* start of an unfinished line */
  size_t tail_len;
  char *out; /* unsent replies, only when the socket pushed back */
  size_t out_len, out_cap;
};

/* All reads go through one buffer: an unfinished line is copied to its front first. */
static char inbuf[IN_CAP + READ_CAP];
/* Worst case: a line of one byte ("a" LF) becomes "Hello, a!" LF, five bytes out per byte in. */
static char reply[5 * (IN_CAP + READ_CAP) + 64];

static int epfd;

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void conn_close(struct conn *c) {
  close(c->fd);
  free(c->tail);
  free(c->out);
  free(c);
}

static int out_append(struct conn *c, const char *data, size_t len) {
  if (c->out_len + len > c->out_cap) {
    size_t cap = c->out_cap ? c->out_cap : 4096;
    while (cap < c->out_len + len) cap *= 2;
    char *p = realloc(c->out, cap);
    if (!p) return -1;
    c->out = p;
    c->out_cap = cap;
  }
  memcpy(c->out + c->out_len, data, len);
  c->out_len += len;
  return 0;
}

/* Writes what is buffered; returns -1 when the connection is dead. */
static int flush_out(struct conn *c) {
  size_t off = 0;
  while (off < c->out_len) {
    ssize_t n = write(c->fd, c->out + off, c->out_len - off);
    if (n > 0) {
      off += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return -1;
    }
  }
  memmove(c->out, c->out + off, c->out_len - off);
  c->out_len -= off;
  int want = c->out_len > 0;
  if (want != c->want_out) {
    struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
  }
  return 0;
}

/* Sends replies, copying only what the socket does not take at once. */
static int send_out(struct conn *c, const char *data, size_t len) {
  if (c->out_len == 0) {
    ssize_t n = write(c->fd, data, len);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
    if (n > 0) {
      data += n;
      len -= (size_t)n;
    }
    if (len == 0) return 0;
  }
  if (out_append(c, data, len) < 0) return -1;
  return flush_out(c);
}

/* Reads what is there and answers every complete line of each read in one write. */
static int on_readable(struct conn *c) {
  for (;;) {
    size_t have = c->tail_len;
    if (have) memcpy(inbuf, c->tail, have);
    ssize_t n = read(c->fd, inbuf + have, READ_CAP);
    if (n == 0) return -1;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      return -1;
    }
    /* A short read means the socket is drained: level-triggered epoll reports the rest. */
    int drained = (size_t)n < READ_CAP;
    size_t len_all = have + (size_t)n, start = 0, rlen = 0;
    for (;;) {
      char *lf = memchr(inbuf + start, '\n', len_all - start);
      if (!lf) break;
      size_t end = (size_t)(lf - inbuf);
      size_t len = end - start;
      if (len > 0 && inbuf[start + len - 1] == '\r') len--;
      if (len > 0 && len <= IN_CAP) {
        memcpy(reply + rlen, "Hello, ", 7);
        memcpy(reply + rlen + 7, inbuf + start, len);
        memcpy(reply + rlen + 7 + len, "!\n", 2);
        rlen += len + 9;
      }
      start = end + 1;
    }
    if (rlen && send_out(c, reply, rlen) < 0) return -1;
    size_t rest = len_all - start;
    if (rest > IN_CAP) rest = 0; /* over-long: dropped, the ceiling does not police lines */
    if (rest) {
      if (!c->tail) c->tail = malloc(IN_CAP);
      if (!c->tail) return -1;
      memmove(c->tail, inbuf + start, rest);
    }
    c->tail_len = rest;
    if (drained) return 0;
  }
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  signal(SIGPIPE, SIG_IGN);
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (lfd < 0) die("socket");
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind");
  if (listen(lfd, 4096) < 0) die("listen");
  socklen_t alen = sizeof addr;
  getsockname(lfd, (struct sockaddr *)&addr, &alen);
  printf("listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
  fflush(stdout);

  epfd = epoll_create1(0);
  if (epfd < 0) die("epoll_create1");
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
  struct epoll_event events[MAX_EVENTS];
  for (;;) {
    int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    for (int i = 0; i < n; i++) {
      struct conn *c = events[i].data.ptr;
      if (!c) {
        for (;;) {
          int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
          if (fd < 0) break;
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct conn *nc = calloc(1, sizeof *nc);
          if (!nc) {
            close(fd);
            continue;
          }
          nc->fd = fd;
          struct epoll_event cev = {.events = EPOLLIN, .data.ptr = nc};
          epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &cev);
          if (send_out(nc, BANNER, sizeof BANNER - 1) < 0) conn_close(nc);
        }
        continue;
      }
      int dead = 0;
      if (events[i].events & (EPOLLERR | EPOLLHUP)) dead = 1;
      if (!dead && (events[i].events & EPOLLOUT)) dead = flush_out(c) < 0;
      if (!dead && (events[i].events & EPOLLIN)) dead = on_readable(c) < 0;
      if (dead) conn_close(c);
    }
  }
}
