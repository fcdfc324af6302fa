import Foundation
import Testing

/// Plants secrets (an AWS access key id and its 40-character secret, an RSA private key, a password) in
/// every input format (Kubernetes manifest and capture; Terraform .tf, .tfvars, state, show -json and
/// refresh-only plan; CloudFormation template, parameters file, drift, Cloud Control and describe outputs),
/// runs the binary (report as text and JSON, backport, malformed input) and searches everything it prints.
@Suite("Secrets never leak (CLI)")
struct SecretLeakCLITests {
  static let keyID = "AKIA" + "ZQ7LMXK2PWRT5NVB"
  static let secretKey = "q9Xv2LmT7pRz4KwN8sYb3HcJ6dFg1AeU0oQiWnE5"
  static let keyBody = "MIIEpQIBAAKCAQEAzX8p4rT1qLmW9vK2yN7bJ3hF6dS0gA5cE8uR2tY4iO1pL7kM"
  static let privateKeyOneLine = "-----BEGIN RSA PRIVATE KEY-----" + keyBody + "-----END RSA PRIVATE KEY-----"
  static let privateKeyLines = ["-----BEGIN RSA PRIVATE KEY-----", keyBody, "-----END RSA PRIVATE KEY-----"]
  static let password = "Plant3d-Passw0rd-9xq"

  /// What must never be printed (the key body stands for the private key).
  static let planted = [keyID, secretKey, keyBody, password]

  /// A JSON object's members (no braces) with the four secrets under secret-sounding names.
  static var jsonMembers: String {
    #""aws_access_key_id": "\#(keyID)", "aws_secret_access_key": "\#(secretKey)", "private_key": "\#(privateKeyOneLine)", "db_password": "\#(password)""#
  }

  /// The same members as they appear inside a JSON string (escaped quotes).
  static var embeddedMembers: String { jsonMembers.replacingOccurrences(of: "\"", with: "\\\"") }

  /// A copy of the samples and one capture, with secrets planted in every file format.
  static func workspace() throws -> URL {
    let root = try CLIRunner.temporaryDirectory()
    let manager = FileManager.default
    try manager.copyItem(
      at: CLIRunner.packageRoot.appendingPathComponent("iac-samples"), to: root.appendingPathComponent("iac"))
    try manager.copyItem(
      at: CLIRunner.packageRoot.appendingPathComponent("snapshots/2026-11-21T02-00Z"),
      to: root.appendingPathComponent("live"))
    func edit(_ path: String, _ change: (String) -> String) throws {
      let url = root.appendingPathComponent(path)
      let text = try String(contentsOf: url, encoding: .utf8)
      let changed = change(text)
      #expect(changed != text, "nothing planted in \(path)")
      try changed.write(to: url, atomically: true, encoding: .utf8)
    }
    func write(_ path: String, _ text: String) throws {
      try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }
    let keyBlock = privateKeyLines.map { "      " + $0 }.joined(separator: "\n")

    // Kubernetes: a manifest with literals, and the capture's ConfigMap with runtime-added secrets.
    try write(
      "iac/kubernetes/planted.yaml",
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: planted, namespace: shop}
      data:
        AWS_ACCESS_KEY_ID: \(keyID)
        AWS_SECRET_ACCESS_KEY: \(secretKey)
        DB_PASSWORD: \(password)
        tls.key: |
      \(keyBlock)
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: planted, namespace: shop}
      stringData:
        password: \(password)
        aws_secret_access_key: \(secretKey)

      """)
    try edit("live/kubernetes/shop.yaml") {
      $0.replacingOccurrences(
        of: "    LOG_LEVEL: debug\n",
        with:
          "    LOG_LEVEL: debug\n    AWS_ACCESS_KEY_ID: \(keyID)\n    AWS_SECRET_ACCESS_KEY: \(secretKey)\n    DB_PASSWORD: \(password)\n    tls.key: \"\(privateKeyLines.joined(separator: "\\n"))\"\n"
      )
    }

    // Terraform: a literal in .tf, a variable default, a tfvars value; the live state, show -json and plan
    // with the secrets in the tags of a bucket.
    try write(
      "iac/terraform/planted.tf",
      """
      resource "aws_ssm_parameter" "planted" {
        name  = "/planted/key"
        type  = "SecureString"
        value = "\(keyID)"
        tags = {
          aws_secret_access_key = "\(secretKey)"
          private_key           = var.planted_private_key
          db_password           = var.planted_password
        }
      }

      variable "planted_private_key" {
        default = <<-EOT
      \(privateKeyLines.map { "    " + $0 }.joined(separator: "\n"))
          EOT
      }

      variable "planted_password" {
        type = string
      }

      """)
    try edit("iac/terraform/terraform.tfvars") { $0 + "planted_password = \"\(password)\"\n" }
    try edit("live/terraform/terraform.tfstate") {
      $0.replacingOccurrences(of: #""scanned-by": "guard""#, with: #""scanned-by": "guard", "# + jsonMembers)
    }
    for file in ["show.json", "plan-refresh-only.json"] {
      try edit("live/terraform/\(file)") {
        $0.replacingOccurrences(of: #""scanned-by":"guard""#, with: #""scanned-by":"guard", "# + jsonMembers)
      }
    }

    // CloudFormation: a NoEcho parameter with a Default and a literal property in the template, a value
    // in the parameters file; the secrets in drift, Cloud Control and describe outputs.
    try edit("iac/cloudformation/shop-edge.yaml") {
      $0.replacingOccurrences(
        of: "Parameters:\n",
        with: "Parameters:\n  PlantedPassword:\n    Type: String\n    NoEcho: true\n    Default: \(password)\n"
      ).replacingOccurrences(
        of: "Resources:\n",
        with: """
          Resources:
            PlantedParameter:
              Type: AWS::SSM::Parameter
              Properties:
                Name: /planted/key
                Type: String
                Value: \(keyID)
                Description: "\(privateKeyOneLine)"
                Tags: {aws_secret_access_key: \(secretKey), db_password: \(password)}

          """)
    }
    try edit("iac/cloudformation/shop-edge.parameters.json") {
      $0.replacingOccurrences(
        of: "[\n", with: "[\n  {\"ParameterKey\": \"PlantedPassword\", \"ParameterValue\": \"\(password)\"},\n")
    }
    try edit("live/cloudformation/describe-stack-resource-drifts-shop-edge.json") {
      $0.replacingOccurrences(of: #""ActualProperties": "{"#, with: #""ActualProperties": "{"# + embeddedMembers + ",")
    }
    try edit("live/cloudformation/cloudcontrol/get-resource-AWS-IAM-Role-shop-app-prod.json") {
      $0.replacingOccurrences(of: #""Properties": "{"#, with: #""Properties": "{"# + embeddedMembers + ",")
    }
    try edit("live/cloudformation/ec2/describe-security-groups.json") {
      $0.replacingOccurrences(of: #""GroupName": "debug-sg""#, with: #""GroupName": "debug-sg", "# + jsonMembers)
    }
    try edit("live/cloudformation/s3/shop-assets-prod-123456789012/get-bucket-tagging.json") {
      $0.replacingOccurrences(
        of: #""TagSet": ["#,
        with:
          #""TagSet": [{"Key": "aws_access_key_id", "Value": "\#(keyID)"}, {"Key": "db_password", "Value": "\#(password)"}, {"Key": "aws_secret_access_key", "Value": "\#(secretKey)"}, {"Key": "private_key", "Value": "\#(privateKeyOneLine)"}, "#
      )
    }
    try edit("live/cloudformation/describe-stacks.json") {
      // The first stack's parameters (shop-edge, which has some).
      guard let range = $0.range(of: "\"Parameters\": [\n") else { return $0 }
      return $0.replacingCharacters(
        in: range,
        with: "\"Parameters\": [{\"ParameterKey\": \"PlantedPassword\", \"ParameterValue\": \"\(password)\"},\n")
    }
    return root
  }

  static func expectNoLeak(
    _ result: CLIRunner.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for secret in planted {
      #expect(!result.stdout.contains(secret), "\(what): stdout shows \(secret)", sourceLocation: sourceLocation)
      #expect(!result.stderr.contains(secret), "\(what): stderr shows \(secret)", sourceLocation: sourceLocation)
    }
  }

  @Test func reportsAndBackPortsNeverShowAPlantedSecret() throws {
    let root = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    let inputs = ["--iac", "iac", "--live", "live"]
    let text = try CLIRunner.run(["report"] + inputs, in: root)
    #expect(text.status == 1, "\(text.stderr)")
    #expect(text.stdout.contains("secret-in-iac"))
    Self.expectNoLeak(text, "report (text)")
    let json = try CLIRunner.run(["report", "--format", "json"] + inputs, in: root)
    #expect(json.status == 1)
    Self.expectNoLeak(json, "report (json)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    let inIaC = findings.filter { $0["kind"] as? String == "secret-in-iac" }
    // The planted literals are found in every ecosystem's IaC, and the live secrets are shown redacted.
    #expect(Set(inIaC.compactMap { $0["ecosystem"] as? String }) == ["kubernetes", "terraform", "cloudformation"])
    #expect(inIaC.count >= 9, "\(inIaC.map { "\($0["resource"] ?? "") \($0["path"] ?? "")" })")
    #expect(json.stdout.contains("<redacted:"))
    // Every other form, the HTML report's per-finding back-port diffs included.
    for format in ["markdown", "html", "sarif", "junit"] {
      let other = try CLIRunner.run(["report", "--format", format] + inputs, in: root)
      #expect(other.status == 1, "\(format): \(other.stderr)")
      Self.expectNoLeak(other, "report (\(format))")
    }
    let diff = try CLIRunner.run(["backport"] + inputs, in: root)
    #expect(diff.status != 2, "\(diff.stderr)")
    #expect(diff.stdout.contains("diff --git"))
    // A patch must apply: its unchanged context lines quote the IaC file as it is, secrets written in it
    // included (each is reported as secret-in-iac). No secret is ever added or removed by an edit, and
    // nothing else is printed with one.
    let edited = diff.stdout.split(separator: "\n").filter {
      ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
    }
    for secret in Self.planted {
      #expect(!edited.contains { $0.contains(secret) }, "backport: an edited line shows \(secret)")
      #expect(!diff.stderr.contains(secret), "backport: stderr shows \(secret)")
    }
    // Each Terraform state format on its own.
    for file in ["terraform.tfstate", "show.json", "plan-refresh-only.json"] {
      let one = try CLIRunner.run(
        ["report", "--format", "json", "--iac", "iac/terraform", "--live", "live/terraform/\(file)"], in: root)
      #expect(one.status == 1, "\(file): \(one.stderr)")
      Self.expectNoLeak(one, "report of \(file)")
    }
  }

  @Test func malformedInputsNeverQuoteAPlantedSecret() throws {
    let root = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    let broken: [(path: String, text: String)] = [
      (
        "iac/kubernetes/planted.yaml",
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  DB_PASSWORD: \(Self.password) [\n  k: {\n"
      ),
      ("iac/terraform/terraform.tfvars", "aws_secret_access_key = \"\(Self.secretKey)\" +\nkey = \(Self.keyID) }\n"),
      (
        "live/terraform/terraform.tfstate",
        "{\"resources\": [{\"password\": \"\(Self.password)\", \"key\": \(Self.keyID)"
      ),
      (
        "iac/cloudformation/shop-edge.parameters.json",
        "[{\"ParameterKey\": \"X\", \"ParameterValue\": \(Self.secretKey)"
      ),
      ("live/kubernetes/shop.yaml", "kind: List\nitems:\n- {password: \(Self.password), key: \(Self.keyID)\n"),
    ]
    for (path, text) in broken {
      let url = root.appendingPathComponent(path)
      let original = try String(contentsOf: url, encoding: .utf8)
      try text.write(to: url, atomically: true, encoding: .utf8)
      defer { try? original.write(to: url, atomically: true, encoding: .utf8) }
      for format in ["text", "json"] {
        let result = try CLIRunner.run(["report", "--format", format, "--iac", "iac", "--live", "live"], in: root)
        #expect(result.status == 2, "\(path): \(result.stderr)")
        Self.expectNoLeak(result, "malformed \(path) (\(format))")
      }
    }
  }
}
