import Foundation
import Testing

/// History, regressions and post-deploy verification through the built binary, on the samples: the
/// scheduled captures of 2026-11-19 to 21, then a Terraform deploy (pre-deploy 2026-11-22T09-00Z,
/// post-deploy 2026-11-22T09-30Z) that lost the runtime fixes of the assets bucket and the web group.
@Suite("History and verify (CLI)")
struct HistoryCLITests {
  static let before = "snapshots/2026-11-22T09-00Z"
  static let after = "snapshots/2026-11-22T09-30Z"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func theTextReportShowsAgesRegressionsAndWhatWasResolved() throws {
    let result = try CLIRunner.run(["report"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("  ! block_public_acls  regression: lost after 2026-11-22T09-00Z\n"))
    #expect(result.stdout.contains("      live (last seen) true\n"))
    #expect(result.stdout.contains("patched since 2026-11-20T02-00Z (2 days)"))
    #expect(result.stdout.contains("since 2026-11-21T02-00Z (1 day)"))
    #expect(result.stdout.contains("· 6 regressions ·"))
    #expect(
      result.stdout.contains(
        #"resolved: aws_security_group.web ingress[protocol=tcp,from_port=8080,to_port=8080,cidr_blocks="10.0.0.0/8"]"#)
    )
  }

  @Test func verifyFindsTheRegressionsOfTheDeploy() throws {
    let result = try CLIRunner.run([
      "verify", "--before", Self.before, "--after", Self.after, "--iac", "iac-samples/terraform", "--format", "json",
    ])
    #expect(result.status == 1)
    let object = try json(result.stdout)
    #expect(object["schemaVersion"] as? Int == 1)
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["regressions"] as? Int == 6)
    #expect(summary["drifted"] as? Int == 0)
    let findings = try #require(object["findings"] as? [[String: Any]])
    #expect(Set(findings.map { $0["kind"] as? String }) == ["regression"])
    #expect(findings.allSatisfy { $0["lastSeen"] as? String == "2026-11-22T09-00Z" })
    let text = try CLIRunner.run([
      "verify", "--before", Self.before, "--after", Self.after, "--iac", "iac-samples/terraform",
    ])
    #expect(text.status == 1)
    #expect(text.stdout.contains("verify: failed · 6 regressions"))
  }

  @Test func verifyPassesWhenTheDeployConvergedAndFailsOnWhatDidNot() throws {
    let converged = try CLIRunner.run([
      "verify", "--before", "snapshots/2026-11-19T02-00Z/terraform", "--after", "snapshots/2026-11-19T02-00Z",
      "--iac", "iac-samples/terraform",
    ])
    #expect(converged.status == 0, "\(converged.stdout)\(converged.stderr)")
    #expect(converged.stdout.contains("verify: passed"))
    // The Kubernetes runtime patches were there before the deploy and are still there: not converged.
    let kubernetes = try CLIRunner.run([
      "verify", "--before", Self.before, "--after", Self.after, "--iac", "iac-samples/kubernetes", "--format", "json",
    ])
    #expect(kubernetes.status == 1)
    let findings = try #require(try json(kubernetes.stdout)["findings"] as? [[String: Any]])
    #expect(findings.contains { $0["path"] as? String == "spec.replicas" && $0["kind"] as? String == "runtime-patch" })
  }

  @Test func verifyUsageAndInputErrorsExitTwo() throws {
    let missing = try CLIRunner.run(["verify", "--before", Self.before])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("verify needs --before PATH and --after PATH"))
    let absent = try CLIRunner.run(["verify", "--before", Self.before, "--after", "snapshots/nope"])
    #expect(absent.status == 2)
    #expect(absent.stderr.contains("--after: no such file or directory: snapshots/nope"))
    let folder = try CLIRunner.run(["verify", "--before", "snapshots", "--after", Self.after])
    #expect(folder.status == 2)
    #expect(folder.stderr.contains("--before snapshots is a folder of captures; give one capture"))
    let same = try CLIRunner.run(["verify", "--before", Self.after, "--after", Self.after])
    #expect(same.status == 2)
    #expect(same.stderr.contains("--before and --after are the same capture"))
    let help = try CLIRunner.run(["verify", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("EXIT CODES: 0 converged"))
  }

  @Test func aRegressionIsBackPortedFromTheCaptureThatStillHadThePatch() throws {
    // In this repository: the pre-deploy capture names the revision it was deployed from, which git has.
    let result = try CLIRunner.run(["backport", "--finding", "8d9a2a5ce268", "--finding", "b693abe6177e"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("-  block_public_acls       = false\n+  block_public_acls       = true\n"))
    #expect(result.stdout.contains("-    cidr_blocks = [\"0.0.0.0/0\"]"))
  }

  @Test func iacRevReadsTheIaCFromGit() throws {
    // This repository's own history: the commit the samples' deploy names holds the same IaC.
    let revision = "d7cb5964a59680cbe900fccc3f61aea1d07c6ed2"
    let git = try CLIRunner.run([
      "report", "--iac-rev", revision, "--live", "snapshots/2026-11-21T02-00Z", "--format", "json",
    ])
    guard !git.stderr.contains("cannot resolve revision") else {
      // A shallow clone does not have it; say so rather than pass silently.
      Issue.record("the repository has no commit \(revision) (shallow clone?): \(git.stderr)")
      return
    }
    let disk = try CLIRunner.run(["report", "--live", "snapshots/2026-11-21T02-00Z", "--format", "json"])
    #expect(git.status == disk.status)
    let ids = { (text: String) throws -> [String] in
      try #require(try json(text)["findings"] as? [[String: Any]]).compactMap { $0["id"] as? String }
    }
    #expect(try ids(git.stdout) == ids(disk.stdout))
    let bad = try CLIRunner.run(["report", "--iac-rev", "no-such-revision"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("cannot resolve revision 'no-such-revision'"))
  }
}
