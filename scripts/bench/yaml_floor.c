/*
 * yaml_floor: the speed floor for reading YAML: libyaml alone, one core.
 *
 *   yaml_floor PATH...
 *
 * Each PATH is a file or a directory (searched recursively for *.yaml / *.yml).
 * Every file is read and run through yaml_parser_parse() event by event until
 * YAML_STREAM_END_EVENT; nothing is built from the events. Prints the number of
 * files, bytes, events and the elapsed wall-clock seconds (file reading included,
 * directory listing excluded).
 *
 * Build: gcc -O2 -o yaml_floor yaml_floor.c -lyaml
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <yaml.h>

static char **paths;
static size_t npaths, cappaths;

static void add_path(const char *p) {
    if (npaths == cappaths) {
        cappaths = cappaths ? cappaths * 2 : 1024;
        paths = realloc(paths, cappaths * sizeof *paths);
        if (!paths) { perror("realloc"); exit(2); }
    }
    paths[npaths++] = strdup(p);
}

static int is_yaml_name(const char *name) {
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *path, int top) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "yaml_floor: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) { fprintf(stderr, "yaml_floor: %s: %s\n", path, strerror(errno)); exit(2); }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue; /* ., .., hidden */
            char *child;
            if (asprintf(&child, "%s/%s", path, e->d_name) < 0) { perror("asprintf"); exit(2); }
            collect(child, 0);
            free(child);
        }
        closedir(d);
    } else if (S_ISREG(st.st_mode) && (top || is_yaml_name(path))) {
        add_path(path);
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH...  (files, or directories searched for *.yaml/*.yml)\n",
                argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) collect(argv[i], 1);
    qsort(paths, npaths, sizeof *paths, cmp_str);

    unsigned long long events = 0, bytes = 0, docs = 0;
    int errors = 0;
    double t0 = now();
    for (size_t i = 0; i < npaths; i++) {
        FILE *f = fopen(paths[i], "rb");
        if (!f) { fprintf(stderr, "yaml_floor: %s: %s\n", paths[i], strerror(errno)); errors++; continue; }
        yaml_parser_t parser;
        if (!yaml_parser_initialize(&parser)) { fprintf(stderr, "yaml_floor: out of memory\n"); return 2; }
        yaml_parser_set_input_file(&parser, f);
        for (;;) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) {
                fprintf(stderr, "yaml_floor: %s:%zu:%zu: %s %s\n", paths[i],
                        parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                        parser.problem ? parser.problem : "parse error",
                        parser.context ? parser.context : "");
                errors++;
                break;
            }
            events++;
            yaml_event_type_t type = event.type;
            if (type == YAML_DOCUMENT_START_EVENT) docs++;
            yaml_event_delete(&event);
            if (type == YAML_STREAM_END_EVENT) break;
        }
        bytes += parser.offset;
        yaml_parser_delete(&parser);
        fclose(f);
    }
    double elapsed = now() - t0;
    printf("files %zu bytes %llu documents %llu events %llu errors %d seconds %.3f\n",
           npaths, bytes, docs, events, errors, elapsed);
    return errors ? 1 : 0;
}
