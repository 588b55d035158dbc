// Runs one command as a whole process and reports what it cost: wall time from fork to the last process of its
// tree reaped, and the peak resident memory of its largest process. Python cannot do this honestly for small
// processes: Linux keeps ru_maxrss across exec, and a child forked (or vforked) by a Python of 20-200 MB inherits
// that peak; forked from this small program, a child starts from about 1 MB. As a subreaper it also waits for
// the command's orphaned descendants (the CDK construct's node process), so their peaks count too.
// Writes to REPORT: seconds max_rss_kib sum_rss_kib processes exit_status
// Usage: measure REPORT COMMAND [ARG...]    (stdin, stdout and stderr are passed on to the command)
#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fputs("usage: measure REPORT COMMAND [ARG...]\n", stderr);
        return 2;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t child = fork();
    if (child < 0) {
        perror("measure: fork");
        return 2;
    }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        perror("measure: exec");
        _exit(127);
    }
    long max_kib = 0, sum_kib = 0, processes = 0;
    int exit_status = -1;
    for (;;) {
        int status;
        struct rusage usage;
        pid_t pid = wait4(-1, &status, 0, &usage);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;  // ECHILD: the whole tree is reaped
        }
        processes++;
        sum_kib += usage.ru_maxrss;
        if (usage.ru_maxrss > max_kib) max_kib = usage.ru_maxrss;
        if (pid == child) exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    FILE *report = fopen(argv[1], "w");
    if (!report) {
        perror("measure: report");
        return 2;
    }
    fprintf(report, "%.6f %ld %ld %ld %d\n", seconds, max_kib, sum_kib, processes, exit_status);
    return fclose(report) == 0 ? 0 : 2;
}
