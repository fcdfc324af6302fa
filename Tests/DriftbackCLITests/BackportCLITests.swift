import Foundation
import Testing

@testable import driftback

@Suite("driftback backport (CLI)")
struct BackportCLITests {
  /// The last scheduled capture before the deploy of 2026-11-22 (the samples' runtime patches, no regressions).
  static let scheduled = "snapshots/2026-11-21T02-00Z"
  @Test func diffOfTheSamplesMatchesGolden() throws {
    let result = try CLIRunner.run(["backport"])
    #expect(result.status == 0)
    try CLIRunner.assertGolden(result.stdout, "backport-samples.diff")
    for secret in try SecretSamples.values() {
      #expect(!result.stdout.contains(secret))
      #expect(!result.stderr.contains(secret))
    }
  }

  @Test func gitApplyAcceptsTheDiff() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else {
      print("skipping: /usr/bin/git not found")
      return
    }
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let diff = try CLIRunner.run(["backport", "--output", "backport.diff"], in: directory)
    #expect(diff.status == 0)
    #expect(diff.stdout.isEmpty)
    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    git.arguments = ["apply", "--check", "--verbose", "backport.diff"]
    git.currentDirectoryURL = directory
    let pipe = Pipe()
    git.standardError = pipe
    git.standardOutput = pipe
    try git.run()
    git.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(git.terminationStatus == 0, "git apply --check failed: \(output)")
  }

  @Test func applyIsMinimalVerifiedAndIdempotent() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let webPath = directory.appendingPathComponent("iac-samples/kubernetes/web.yaml")
    let before = try String(contentsOf: webPath, encoding: .utf8)
    // The scheduled capture of 2026-11-21 (the newest one is after a deploy, with its own story).
    let applied = try CLIRunner.run(["backport", "--apply", "--live", Self.scheduled], in: directory)
    #expect(applied.status == 0)
    #expect(applied.stdout.isEmpty)
    #expect(applied.stderr.contains("back-ported 910e704cff31 Deployment.apps/shop/web"))
    let after = try String(contentsOf: webPath, encoding: .utf8)
    // Only the changed lines differ; every comment survives.
    let beforeLines = before.split(separator: "\n", omittingEmptySubsequences: false)
    let afterLines = after.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(afterLines.count == beforeLines.count + 7)
    #expect(Set(beforeLines.filter { $0.contains("#") }).isSubset(of: Set(afterLines)))
    #expect(after.contains("replicas: 5"))
    #expect(after.contains("image: \"ghcr.io/acme/shop-web:1.4.3\""))
    // The report now shows no Kubernetes finding that could be back-ported.
    let report = try CLIRunner.run(["report", "--format", "json", "--live", Self.scheduled], in: directory)
    #expect(report.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    let backportable = findings.filter {
      ($0["ecosystem"] as? String) == "kubernetes" && ($0["action"] as? String) == "backport"
    }
    #expect(backportable.isEmpty)
    // Applying twice changes nothing.
    let again = try CLIRunner.run(["backport", "--apply", "--live", Self.scheduled], in: directory)
    #expect(again.status == 0)
    #expect(again.stderr.contains("nothing to back-port"))
    #expect(try String(contentsOf: webPath, encoding: .utf8) == after)
  }

  @Test func unmanagedObjectBecomesANewManifest() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The privileged pod is a risk in itself: its action is revert, and only --force writes it as a manifest.
    let refused = try CLIRunner.run(["backport", "--finding", "1a24b3f2b6c9"], in: directory)
    #expect(refused.status == 1)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.contains("it weakens security (K8S-PRIVILEGED): delete it from the cluster"))
    let unnamed = try CLIRunner.run(["backport", "--force"], in: directory)
    #expect(unnamed.status == 2)
    let result = try CLIRunner.run(["backport", "--finding", "1a24b3f2b6c9", "--force"], in: directory)
    #expect(result.status == 0)
    #expect(result.stdout.contains("new file mode 100644"))
    #expect(result.stdout.contains("+++ b/iac-samples/kubernetes/pod-debug-shell.yaml"))
    #expect(result.stderr.contains("weakens security (K8S-PRIVILEGED"))
    #expect(!result.stdout.contains("uid:"))
    #expect(!result.stdout.contains("status:"))
    let applied = try CLIRunner.run(["backport", "--finding", "1a24b3f2b6c9", "--apply", "--force"], in: directory)
    #expect(applied.status == 0)
    #expect(applied.stderr.contains("note: add pod-debug-shell.yaml to the resources of"))
    let report = try CLIRunner.run(["report", "--format", "json"], in: directory)
    #expect(!report.stdout.contains("Pod/shop/debug-shell"))
    // A second time the finding is gone.
    let again = try CLIRunner.run(["backport", "--finding", "1a24b3f2b6c9"], in: directory)
    #expect(again.status == 2)
    #expect(again.stderr.contains("no finding with id '1a24b3f2b6c9'"))
  }

  @Test func revertAndSecretFindingsAreRefused() throws {
    let result = try CLIRunner.run(["backport", "--finding", "38b5110820a1", "--finding", "1b872d4b1bed"])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("not back-porting 38b5110820a1"))
    #expect(result.stderr.contains("weakens security (K8S-NETWORK-POLICY)"))
    #expect(result.stderr.contains("not back-porting 1b872d4b1bed"))
    #expect(result.stderr.contains("secret values are never written into source"))
  }

  @Test func usageErrors() throws {
    let both = try CLIRunner.run(["backport", "--apply", "--output", "x.diff"])
    #expect(both.status == 2)
    #expect(both.stderr == "error: --apply and --output cannot be used together\n")
    let unknown = try CLIRunner.run(["backport", "--finding"])
    #expect(unknown.status == 2)
    let help = try CLIRunner.run(["backport", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--finding ID"))
  }

  @Test func atomicWriteRefusesAFileChangedSinceItWasRead() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("web.yaml").path
    try Data("replicas: 3\n".utf8).write(to: URL(fileURLWithPath: path))
    let original = Array("replicas: 3\n".utf8)
    // Someone edits the file after driftback read it.
    try Data("replicas: 4\n".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: FileSystem.Failure.self) {
      try FileSystem.writeAtomically(Array("replicas: 5\n".utf8), to: path, expecting: .some(original))
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "replicas: 4\n")
    // Unchanged: the write goes through, and leaves no temporary file behind.
    try FileSystem.writeAtomically(Array("replicas: 5\n".utf8), to: path, expecting: .some(Array("replicas: 4\n".utf8)))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "replicas: 5\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["web.yaml"])
    // A new file must not exist yet.
    #expect(throws: FileSystem.Failure.self) {
      try FileSystem.writeAtomically(Array("x".utf8), to: path, expecting: .some(nil))
    }
  }
}

@Suite("driftback backport: two additions to one map (CLI)")
struct BackportCombinedCLITests {
  @Test func twoKeysAddedToOneContainerLandTogether() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let manifest = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: web
                image: nginx:1.27 # pinned

      """
    let live = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        replicas: 1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - image: nginx:1.27
              name: web
              securityContext:
                runAsNonRoot: true
              workingDir: /srv

      """
    try manifest.write(to: directory.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)
    try live.write(to: directory.appendingPathComponent("live.yaml"), atomically: true, encoding: .utf8)
    let applied = try CLIRunner.run(["backport", "--iac", "d.yaml", "--live", "live.yaml", "--apply"], in: directory)
    #expect(applied.status == 0)
    let edited = try String(contentsOf: directory.appendingPathComponent("d.yaml"), encoding: .utf8)
    #expect(
      edited == manifest + "          securityContext:\n            runAsNonRoot: true\n          workingDir: /srv\n")
    let report = try CLIRunner.run(["report", "--iac", "d.yaml", "--live", "live.yaml"], in: directory)
    #expect(report.status == 0)
  }
}

@Suite("Review fixes (CLI)")
struct ReviewFixesCLITests {
  @Test func aSymlinkLoopEnds() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let nested = directory.appendingPathComponent("snapshots/2026-11-21T02-00Z/kubernetes/a/b")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: nested.appendingPathComponent("l1").path, withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(
      atPath: nested.appendingPathComponent("l2").path, withDestinationPath: "..")
    let result = try CLIRunner.run(["report", "--format", "json"], in: directory)
    #expect(result.status == 1)
    #expect(!result.stderr.contains("appears in more than one capture file"))
  }

  @Test func aFolderOfCapturesMeansTheNewest() throws {
    let result = try CLIRunner.run(["report", "--live", "snapshots", "--format", "json"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("\"label\": \"2026-11-22T09-30Z\""))
  }

  @Test func aBadNamespaceIsAUsageError() throws {
    let result = try CLIRunner.run(["report", "--namespace", "x/y"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--namespace must be a Kubernetes namespace name"))
  }

  @Test func applyChangesNothingWhenOneFileIsReadOnly() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let web = directory.appendingPathComponent("iac-samples/kubernetes/web.yaml").path
    let configMap = directory.appendingPathComponent("iac-samples/kubernetes/configmap.yaml").path
    let before = try String(contentsOfFile: configMap, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: web)
    let result = try CLIRunner.run(["backport", "--apply"], in: directory)
    if getuid() == 0 {
      // root may write anyway; the point is then only that the mode survives.
      #expect(result.status == 0)
      let mode = try FileManager.default.attributesOfItem(atPath: web)[.posixPermissions] as? Int
      #expect(mode == 0o444)
    } else {
      #expect(result.status == 2)
      #expect(result.stderr.contains("is not writable; not changing any file"))
      #expect(try String(contentsOfFile: configMap, encoding: .utf8) == before)
    }
  }

  @Test func applyKeepsASymlinkedManifestALink() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let manifests = directory.appendingPathComponent("iac-samples/kubernetes")
    try FileManager.default.moveItem(
      at: manifests.appendingPathComponent("web.yaml"),
      to: directory.appendingPathComponent("web-real.yaml"))
    try FileManager.default.createSymbolicLink(
      atPath: manifests.appendingPathComponent("web.yaml").path,
      withDestinationPath: "../../web-real.yaml")
    let result = try CLIRunner.run(["backport", "--apply"], in: directory)
    #expect(result.status == 0)
    let link = try FileManager.default.destinationOfSymbolicLink(
      atPath: manifests.appendingPathComponent("web.yaml").path)
    #expect(link == "../../web-real.yaml")
    #expect(
      try String(contentsOf: directory.appendingPathComponent("web-real.yaml"), encoding: .utf8).contains("replicas: 5")
    )
  }

  @Test func absoluteIaCPathsGiveRelativeDiffPaths() throws {
    let absolute = CLIRunner.packageRoot.appendingPathComponent("iac-samples").path
    let result = try CLIRunner.run(["backport", "--iac", absolute])
    #expect(result.status == 0)
    #expect(result.stdout.contains("--- a/iac-samples/kubernetes/web.yaml"))
    #expect(!result.stdout.contains("a//"))
  }
}

@Suite("Output safety (CLI)")
struct OutputSafetyCLITests {
  @Test func outputNeverOverwritesAnInput() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = "iac-samples/kubernetes/web.yaml"
    let before = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    for command in ["report", "backport"] {
      let result = try CLIRunner.run([command, "--output", path], in: directory)
      #expect(result.status == 2)
      #expect(result.stderr.contains("is one of the input files"))
    }
    #expect(try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8) == before)
  }

  @Test func utf16InputIsAClearError() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "apiVersion: v1\nkind: ConfigMap\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    try Data(bytes).write(to: directory.appendingPathComponent("cm.yaml"))
    try "items: []\nkind: List\n".write(
      to: directory.appendingPathComponent("l.yaml"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["report", "--iac", "cm.yaml", "--live", "l.yaml"], in: directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains("cm.yaml: error: the file is UTF-16"))
  }
}

@Suite("driftback backport: Terraform (CLI)")
struct TerraformBackportCLITests {
  @Test func runtimeFixesLandInTheHCLAndTheReportSettles() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let mainTF = directory.appendingPathComponent("iac-samples/terraform/main.tf")
    let before = try String(contentsOf: mainTF, encoding: .utf8)
    let applied = try CLIRunner.run(["backport", "--apply", "--live", BackportCLITests.scheduled], in: directory)
    #expect(applied.status == 0)
    let after = try String(contentsOf: mainTF, encoding: .utf8)
    // The SSH hole's block goes with the comment above it; the flags flip, still aligned; the tag is added.
    #expect(!after.contains("SSH for operators"))
    #expect(!after.contains("TODO(OPS-142)"))
    #expect(after.contains("  block_public_acls       = true\n"))
    #expect(after.contains("  restrict_public_buckets = true\n"))
    #expect(after.contains("    scanned-by = \"guard\"\n"))
    // Every other line is untouched.
    let kept = Set(after.split(separator: "\n", omittingEmptySubsequences: false))
    let changedOrGone = before.split(separator: "\n", omittingEmptySubsequences: false).filter { !kept.contains($0) }
    #expect(changedOrGone.count <= 12)
    // What remains for Terraform is what must not be back-ported: the hand-opened port and the leftover bucket.
    let report = try CLIRunner.run(["report", "--format", "json", "--live", BackportCLITests.scheduled], in: directory)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    let terraform = try #require(object["findings"] as? [[String: Any]]).filter {
      ($0["ecosystem"] as? String) == "terraform"
    }
    #expect(terraform.map { $0["action"] as? String } == ["review", "revert"])
    let again = try CLIRunner.run(["backport", "--apply", "--live", BackportCLITests.scheduled], in: directory)
    #expect(again.stderr.contains("nothing to back-port"))
    #expect(try String(contentsOf: mainTF, encoding: .utf8) == after)
  }
}
