import Foundation
import Testing

/// driftback against a real AWS API: moto in server mode on loopback, driven with the AWS CLI by
/// `scripts/cloudformation/moto-e2e.sh`. The script creates the sample stacks, changes them behind
/// CloudFormation's back (authorizes and revokes security-group ingress, puts a public-access block),
/// captures them with the describe commands, reports, back-ports with `--apply`, updates the stacks from
/// the patched templates, captures again and reports again.
///
/// `scripts/test.sh` installs `moto[server]` and `awscli` with pip when they are missing. The test is
/// skipped, saying why, only when they cannot be installed (the script exits 77).
@Suite("CloudFormation against moto", .serialized)
struct CloudFormationMotoTests {
  static let script = CLIRunner.packageRoot.appendingPathComponent("scripts/cloudformation/moto-e2e.sh").path

  /// Whether the AWS CLI and moto are installed (else the test is skipped with this reason).
  static let missingPeer: String? = {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/bin/sh")
    probe.arguments = ["-c", "command -v aws >/dev/null 2>&1 && python3 -c 'import moto.server' >/dev/null 2>&1"]
    guard (try? probe.run()) != nil else { return "cannot run /bin/sh" }
    probe.waitUntilExit()
    return probe.terminationStatus == 0
      ? nil
      : "the AWS CLI or moto is not installed (scripts/test.sh installs them with pip: pip install 'moto[server]' awscli)"
  }()

  @Test(
    "report, backport --apply, update-stack, report: clean",
    .enabled(if: missingPeer == nil, Comment(rawValue: missingPeer ?? "")))
  func backPortedRuntimeChangesSurviveAnUpdateStack() throws {
    let binary = try #require(CLIRunner.binary, "driftback binary not found: run `swift build` first")
    let work = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: work) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [Self.script, work.path, binary]
    process.currentDirectoryURL = CLIRunner.packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["DRIFTBACK_REDACTION_KEY"] = "golden-test-key"
    process.environment = environment
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus != 77, "skipped by the script: \(log)")
    #expect(process.terminationStatus == 0, "moto-e2e.sh failed:\n\(log)")
    guard process.terminationStatus == 0 else { return }

    // The first report: exactly the three runtime changes, each judged.
    let first = try Self.findings(work.appendingPathComponent("report1.json"))
    #expect(
      first == [
        "shop-edge/AssetsBucket PublicAccessBlockConfiguration.BlockPublicAcls changed backport AWS-S3-PUBLIC-ACCESS-BLOCK",
        "shop-edge/AssetsBucket PublicAccessBlockConfiguration.BlockPublicPolicy changed backport AWS-S3-PUBLIC-ACCESS-BLOCK",
        "shop-edge/AssetsBucket PublicAccessBlockConfiguration.IgnorePublicAcls changed backport AWS-S3-PUBLIC-ACCESS-BLOCK",
        "shop-edge/AssetsBucket PublicAccessBlockConfiguration.RestrictPublicBuckets changed backport AWS-S3-PUBLIC-ACCESS-BLOCK",
        #"shop-edge/WebSecurityGroup SecurityGroupIngress[CidrIp="0.0.0.0/0",FromPort=8080,IpProtocol=tcp,ToPort=8080] removed backport AWS-SG-OPEN-INGRESS"#,
        #"shop-edge/WebSecurityGroup SecurityGroupIngress[CidrIp="10.1.0.0/16",FromPort=9100,IpProtocol=tcp,ToPort=9100] added revert AWS-SG-OPEN-INGRESS"#,
      ])
    // After the back-port and update-stack from the patched template: in sync.
    let second = try Self.findings(work.appendingPathComponent("report2.json"))
    #expect(second == [])
    let template = try String(contentsOf: work.appendingPathComponent("iac/shop-edge.yaml"), encoding: .utf8)
    #expect(template.contains("          CidrIp: 10.1.0.0/16\n          Description: node exporter\n"))
    #expect(!template.contains("Description: debug listener"))
    // Comments elsewhere survive the edit.
    #expect(template.contains("# HTTPS from anywhere, SSH for operators, and the debug listener that was"))
  }

  static func findings(_ url: URL) throws -> [String] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    return findings.map { finding in
      let security = (finding["security"] as? [String: Any])?["rule"] as? String ?? "-"
      return
        "\(finding["resource"] ?? "") \(finding["path"] ?? "") \(finding["change"] ?? "") \(finding["action"] ?? "") \(security)"
    }
  }
}
