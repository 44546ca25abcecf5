// scripts/explore-slurm.sh on a real Slurm cluster of one node: the test starts munged, slurmctld
// and slurmd (Debian's munge and slurm-wlm, installed by scripts/install-deps.sh) with a minimal
// configuration in a scratch folder, submits a sharded `mensa explore` as a job array and its
// merge job, waits for the merge, and checks that the merged folder equals the single-process run
// byte for byte. It skips only where the daemons cannot be started: not installed, or not root
// (slurmd runs jobs as their user). Every daemon it starts is stopped again, also when the test
// fails; each is told to stop (SIGTERM) should the test process itself die.
#include "CliRunner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <netinet/in.h>
#include <regex>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

constexpr auto kDaemonStart = std::chrono::seconds(20);
constexpr auto kJobsFinish = std::chrono::seconds(60);

// The program's path when it is installed (the daemons live in /usr/sbin), else "".
std::string programPath(const std::string& name)
{
    for (const char* dir : { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin" })
        if (::access((fs::path(dir) / name).c_str(), X_OK) == 0)
            return (fs::path(dir) / name).string();
    return {};
}

// A TCP port on the loopback interface that is free now (the kernel's choice).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

std::string tail(const fs::path& file, size_t lines = 15)
{
    const std::string text = readWholeFile(file);
    size_t at = text.size();
    for (size_t n = 0; n <= lines && at != std::string::npos && at > 0; ++n)
        at = text.rfind('\n', at - 1);
    return "--- " + file.filename().string() + "\n"
        + (at == std::string::npos ? text : text.substr(at + 1));
}

// A daemon run in the foreground as a child of this process, stopped by the destructor.
class Daemon {
public:
    Daemon(const std::vector<std::string>& argv, const fs::path& log)
    {
        m_name = fs::path(argv.front()).filename().string();
        m_pid = ::fork();
        if (m_pid != 0)
            return;
        ::prctl(PR_SET_PDEATHSIG, SIGTERM); // the test died: the daemon goes too
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        std::vector<char*> args;
        for (const std::string& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args.front(), args.data());
        ::_exit(127);
    }
    ~Daemon() { stop(); }
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    bool running()
    {
        if (m_pid <= 0)
            return false;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid)
            m_pid = -1;
        return m_pid > 0;
    }
    // SIGTERM, then SIGKILL after five seconds; reaps the process.
    void stop()
    {
        if (!running())
            return;
        ::kill(m_pid, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (running() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (running()) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }
    const std::string& name() const { return m_name; }

private:
    pid_t m_pid = -1;
    std::string m_name;
};

std::vector<std::string> filesUnder(const fs::path& dir)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
            names.push_back(fs::relative(entry.path(), dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

bool waitFor(std::chrono::seconds limit, const std::function<bool()>& done)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return true;
}

class ExploreSlurm : public ::testing::Test {
protected:
    void SetUp() override
    {
        for (const char* program : { "munged", "slurmctld", "slurmd", "sbatch", "scontrol" })
            if (programPath(program).empty())
                GTEST_SKIP() << "Slurm end-to-end test skipped: " << program
                             << " is not installed (scripts/install-deps.sh installs munge and "
                                "slurm-wlm)";
        if (::geteuid() != 0)
            GTEST_SKIP() << "Slurm end-to-end test skipped: slurmd must run as root to start "
                            "jobs (this test runs as uid "
                         << ::geteuid() << ")";
        char pattern[] = "/tmp/mensa_slurm_XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        m_dir = pattern;
        // munged wants its socket's folder searchable by all and its key private.
        fs::permissions(m_dir, fs::perms(0755));
        fs::create_directories(m_dir / "state");
        fs::create_directories(m_dir / "spool");
    }
    void TearDown() override
    {
        if (m_dir.empty())
            return;
        if (!m_daemons.empty() && m_daemons.back()->running()) // jobs still queued or running
            runShell(clientEnv() + " '" + programPath("scancel") + "' --user=root 2>&1");
        while (!m_daemons.empty()) { // slurmd, slurmctld, then munged
            m_daemons.back()->stop();
            m_daemons.pop_back();
        }
        if (HasFailure())
            for (const char* log : { "munged.log", "slurmctld.log", "slurmd.log" })
                std::cerr << tail(m_dir / log) << "\n";
        fs::remove_all(m_dir);
    }

    fs::path write(const std::string& name, const std::string& text) const
    {
        std::ofstream(m_dir / name) << text;
        return m_dir / name;
    }
    std::string clientEnv() const { return "SLURM_CONF='" + (m_dir / "slurm.conf").string() + "'"; }
    void writeMungeKey();
    void writeSlurmConf();
    // Starts munged, slurmctld and slurmd and waits for the node to be idle (fatal failure if not).
    void startCluster();
    std::string jobState(const std::string& job) const
    {
        const std::string out = runShell(
            clientEnv() + " '" + programPath("scontrol") + "' show job -o " + job + " 2>&1")
                                    .out;
        std::smatch m;
        return std::regex_search(out, m, std::regex("JobState=([A-Z_]+)")) ? m[1].str() : out;
    }

    fs::path m_dir;
    std::vector<std::unique_ptr<Daemon>> m_daemons;
};

void ExploreSlurm::writeMungeKey()
{
    std::string key(1024, '\0');
    std::ifstream("/dev/urandom", std::ios::binary).read(key.data(), std::streamsize(key.size()));
    const fs::path path = m_dir / "munge.key";
    std::ofstream(path, std::ios::binary) << key;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

void ExploreSlurm::writeSlurmConf()
{
    const std::string d = m_dir.string();
    std::ofstream(m_dir / "slurm.conf")
        << "ClusterName=mensatest\n"
           "SlurmctldHost=localhost\n"
           "SlurmctldPort="
        << freePort() << "\nSlurmdPort=" << freePort()
        << "\nSlurmUser=root\nSlurmdUser=root\n"
           "AuthType=auth/munge\nCredType=cred/munge\n"
           "AuthInfo=socket="
        << d << "/munge.socket\nStateSaveLocation=" << d << "/state\nSlurmdSpoolDir=" << d
        << "/spool\nSlurmctldPidFile=" << d << "/slurmctld.pid\nSlurmdPidFile=" << d
        << "/slurmd.pid\n"
           "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
           "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
           "JobCompType=jobcomp/none\nMpiDefault=none\nSwitchType=switch/none\n"
           "SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n"
           "SchedulerType=sched/builtin\n"
           // A merge whose array failed is cancelled rather than left pending forever.
           "SchedulerParameters=kill_invalid_depend\n"
           "ReturnToService=2\nMinJobAge=600\n"
           "NodeName=localhost NodeAddr=127.0.0.1 CPUs="
        << std::max(1u, std::thread::hardware_concurrency())
        << " State=UNKNOWN\n"
           "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n";
}

void ExploreSlurm::startCluster()
{
    writeMungeKey();
    writeSlurmConf();
    const std::string d = m_dir.string();
    m_daemons.push_back(std::make_unique<Daemon>(
        std::vector<std::string> { programPath("munged"), "--foreground",
            "--socket=" + d + "/munge.socket", "--key-file=" + d + "/munge.key",
            "--pid-file=" + d + "/munged.pid", "--seed-file=" + d + "/munged.seed" },
        m_dir / "munged.log"));
    ASSERT_TRUE(waitFor(kDaemonStart, [&] { return fs::exists(m_dir / "munge.socket"); }))
        << "munged did not start";
    const std::string conf = (m_dir / "slurm.conf").string();
    m_daemons.push_back(std::make_unique<Daemon>(
        std::vector<std::string> { programPath("slurmctld"), "-D", "-i", "-f", conf },
        m_dir / "slurmctld.log"));
    m_daemons.push_back(std::make_unique<Daemon>(
        std::vector<std::string> { programPath("slurmd"), "-D", "-N", "localhost", "-f", conf },
        m_dir / "slurmd.log"));
    const std::string sinfo = clientEnv() + " '" + programPath("sinfo") + "' -h -o %t 2>&1";
    ASSERT_TRUE(waitFor(kDaemonStart,
        [&] { return runShell(sinfo).out == "idle\n" || !m_daemons.back()->running(); }));
    for (const auto& daemon : m_daemons)
        ASSERT_TRUE(daemon->running()) << daemon->name() << " stopped";
    ASSERT_EQ(runShell(sinfo).out, "idle\n") << "the node never became idle";
}

} // namespace

TEST_F(ExploreSlurm, JobArrayMergesIntoExactlyTheSingleProcessRun)
{
    ASSERT_NO_FATAL_FAILURE(startCluster());
    const std::string space = quoted(write("space.textproto",
        "base: \"edge_tpu\"\n"
        "axes { field: \"pe_rows\" range { min: 16 max: 64 step: 16 } }\n"
        "axes { field: \"dataflow\" choices: \"WEIGHT_STATIONARY\" choices: "
        "\"OUTPUT_STATIONARY\" }\n"));
    const std::string model = quoted(sourceDir() / "sample_models/mobilenet_v2.onnx");
    const fs::path whole = m_dir / "whole";
    const CliResult single = runShell("'" + mensaCliPath() + "' explore " + space + " " + model
        + " --out " + quoted(whole) + " 2>&1");
    ASSERT_EQ(single.exitCode, 0) << single.out;

    const fs::path merged = m_dir / "merged";
    const CliResult submitted = runShell(clientEnv() + " MENSA='" + mensaCliPath()
        + "' timeout 30 '" + (sourceDir() / "scripts/explore-slurm.sh").string() + "' -n 3 -o "
        + quoted(merged) + " " + space + " " + model + " 2>&1");
    ASSERT_EQ(submitted.exitCode, 0) << submitted.out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(submitted.out, m, std::regex("merge job ([0-9]+)")))
        << submitted.out;
    const std::string mergeJob = m[1];
    std::string state;
    const bool finished = waitFor(kJobsFinish, [&] {
        state = jobState(mergeJob);
        return state != "PENDING" && state != "RUNNING" && state != "CONFIGURING"
            && state != "COMPLETING";
    });
    ASSERT_TRUE(finished) << "the merge job is still " << state << " after " << kJobsFinish.count()
                          << " s";
    ASSERT_EQ(state, "COMPLETED") << readWholeFile(m_dir / "merged.shards/merge.log");
    for (int k = 1; k <= 3; ++k)
        EXPECT_TRUE(fs::exists(m_dir / "merged.shards" / std::to_string(k) / "shard.complete"));

    const std::vector<std::string> files = filesUnder(whole);
    EXPECT_THAT(files, testing::Contains("points.csv"));
    EXPECT_EQ(filesUnder(merged), files);
    for (const std::string& name : files)
        EXPECT_TRUE(readWholeFile(merged / name) == readWholeFile(whole / name))
            << name << " differs between the Slurm run and the single-process run";
}
