import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite("Terraform comparison")
struct TerraformComparisonTests {
  func instance(_ type: String, _ values: Value, blocks: Set<String> = [], unknown: [ValuePath] = [])
    -> TerraformConfiguredInstance
  {
    TerraformConfiguredInstance(
      address: "\(type).x", mode: "managed", type: type, name: "x", moduleAddress: "", values: values,
      unknownPaths: unknown, blockKeys: blocks, origins: [:], sensitivePaths: [], sharedByInstances: false,
      file: "main.tf", blockSpan: ByteSpan(start: 0, end: 0))
  }

  static let sshRule: Value = [
    "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"], "description": "SSH",
  ]
  static let httpsRule: Value = [
    "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"],
  ]

  /// A rule as the AWS provider stores it: every key, empty defaults included.
  static func stored(_ rule: Value) -> Value {
    var full: Value = [
      "cidr_blocks": [], "description": "", "from_port": 0, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
      "protocol": "", "security_groups": [], "self": false, "to_port": 0,
    ]
    for entry in rule.map?.entries ?? [] { full[entry.key] = entry.value }
    return full
  }

  @Test func computedAttributesAndStoredDefaultsAreNotDrift() {
    let configured = instance(
      "aws_security_group", ["name": "web", "ingress": [Self.httpsRule, Self.sshRule]], blocks: ["ingress"])
    let live: Value = [
      "name": "web", "id": "sg-1", "arn": "arn:aws:ec2:…", "owner_id": "123456789012", "tags_all": [:],
      // Set order, and the provider's protocol spelling, do not matter.
      "ingress": [Self.stored(Self.sshRule), Self.stored(Self.httpsRule)],
    ]
    #expect(TerraformComparison.compare(configured, live: live).isEmpty)
    var numeric = Self.stored(Self.sshRule)
    numeric["protocol"] = "6"
    #expect(
      TerraformComparison.compare(
        configured, live: ["name": "web", "ingress": [Self.stored(Self.httpsRule), numeric]]
      ).isEmpty)
  }

  @Test func securityGroupRulesCompareAsAtomicRules() {
    let configured = instance("aws_security_group", ["ingress": [Self.httpsRule, Self.sshRule]], blocks: ["ingress"])
    // The bot removed SSH from the world and someone added 8080 from 10/8; the IPv6 source of HTTPS went too.
    let live: Value = [
      "ingress": [
        Self.stored(["protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]]),
        Self.stored(["protocol": "tcp", "from_port": 8080, "to_port": 8080, "cidr_blocks": ["10.0.0.0/8"]]),
      ]
    ]
    let changes = TerraformComparison.compare(configured, live: live).map { "\($0.path) \($0.kind.rawValue)" }
    #expect(
      changes == [
        #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"] removed"#,
        #"ingress[protocol=tcp,from_port=443,to_port=443,ipv6_cidr_blocks="::/0"] removed"#,
        #"ingress[protocol=tcp,from_port=8080,to_port=8080,cidr_blocks="10.0.0.0/8"] added"#,
      ])
  }

  @Test func iamPoliciesCompareAsIAMReadsThem() {
    let written =
      #"{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":["arn:b","arn:a"]}],"Version":"2012-10-17"}"#
    let stored =
      #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:a","arn:b"]}]}"#
    let configured = instance("aws_iam_policy", ["policy": .string(written)])
    #expect(TerraformComparison.compare(configured, live: ["policy": .string(stored)]).isEmpty)
    let widened = stored.replacingOccurrences(of: #"["s3:GetObject"]"#, with: #"["s3:*"]"#)
    #expect(
      TerraformComparison.compare(configured, live: ["policy": .string(widened)]).map(\.path.description) == ["policy"])
  }

  @Test func unknownValuesAreNeverCompared() {
    let configured = instance("aws_instance", ["instance_type": "t3.micro"], unknown: [ValuePath([.key("subnet_id")])])
    #expect(
      TerraformComparison.compare(configured, live: ["instance_type": "t3.micro", "subnet_id": "subnet-9"]).isEmpty)
  }

  @Test func nestedBlocksMatchOnWhatTheConfigurationSets() {
    let configured = instance(
      "aws_instance", ["root_block_device": [["volume_size": 20]]], blocks: ["root_block_device"])
    let live: Value = [
      "root_block_device": [["volume_size": 20, "iops": 3000, "encrypted": false, "volume_type": "gp3"]]
    ]
    #expect(TerraformComparison.compare(configured, live: live).isEmpty)
    let grown: Value = ["root_block_device": [["volume_size": 40, "iops": 3000]]]
    #expect(TerraformComparison.compare(configured, live: grown).map { $0.kind } == [.removed, .added])
  }

  @Test func tagsAddedAtRuntimeAreOneChangeEach() {
    let configured = instance("aws_s3_bucket", ["tags": ["team": "platform"]])
    let changes = TerraformComparison.compare(configured, live: ["tags": ["team": "platform", "scanned-by": "guard"]])
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["tags.scanned-by added"])
  }
}

@Suite("Terraform analysis of the samples")
struct TerraformSampleAnalysisTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  func analyze(capture: String) throws -> Analysis {
    let base = Self.root.path
    let rootDirectory = base + "/iac-samples/terraform"
    let files = try FileManager.default.contentsOfDirectory(atPath: rootDirectory)
      .filter { $0.hasSuffix(".tf") || $0.hasSuffix(".tfvars") }.sorted().map { rootDirectory + "/" + $0 }
    let live = ["plan-refresh-only.json", "show.json", "terraform.tfstate"]
      .map { base + "/snapshots/\(capture)/terraform/" + $0 }
    let read: FileReader = { path in
      SourceFile(path: path, bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    }
    return TerraformAnalyzer(redactor: Redactor(key: [9])).analyze(
      TerraformAnalyzer.Request(rootModules: [(rootDirectory, files)], liveFiles: live, captureLabel: capture),
      read: read,
      listModule: { directory in
        (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".tf") }.sorted()
          .map { directory + "/" + $0 }
      })
  }

  func lines(_ analysis: Analysis) -> [String] {
    analysis.findings.map { "\($0.kind.rawValue) \($0.resource) \($0.path) \($0.action.rawValue)" }
  }

  @Test func theFirstCaptureIsInSync() throws {
    let analysis = try analyze(capture: "2026-11-19T02-00Z")
    #expect(!analysis.hasErrors)
    #expect(analysis.findings.isEmpty)
    #expect(analysis.summary.inSync == 10)
    #expect(analysis.unknownValues == 1)
  }

  @Test func theBotClosedSSHAndBlockedPublicAccess() throws {
    let analysis = try analyze(capture: "2026-11-20T02-00Z")
    #expect(
      lines(analysis) == [
        "runtime-patch aws_s3_bucket_public_access_block.assets block_public_acls backport",
        "runtime-patch aws_s3_bucket_public_access_block.assets block_public_policy backport",
        "runtime-patch aws_s3_bucket_public_access_block.assets ignore_public_acls backport",
        "runtime-patch aws_s3_bucket_public_access_block.assets restrict_public_buckets backport",
        #"runtime-patch aws_security_group.web ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"] backport"#,
      ])
    #expect(analysis.findings.allSatisfy { $0.security?.direction == .strengthens })
  }

  @Test func aHandAddedRuleIsRevertedAndALeftoverIsUnmanaged() throws {
    let analysis = try analyze(capture: "2026-11-21T02-00Z")
    let found = lines(analysis)
    #expect(
      found.contains(
        #"runtime-patch aws_security_group.web ingress[protocol=tcp,from_port=8080,to_port=8080,cidr_blocks="10.0.0.0/8"] revert"#
      ))
    #expect(found.contains("runtime-patch aws_s3_bucket.assets tags.scanned-by backport"))
    #expect(found.contains("unmanaged aws_s3_bucket.legacy_logs  review"))
    #expect(found.count == 8)
    let unmanaged = try #require(analysis.findings.first { $0.kind == .unmanaged })
    #expect(unmanaged.backport.reason.hasPrefix("in state, not in code"))
    let json = JSONReportRenderer().render(
      DriftReport(toolVersion: "t", captureLabel: nil, capturedAt: nil, analysis: analysis))
    #expect(!json.contains("EXAMPLE-fake-password-not-real"))
    let ssh = try #require(analysis.findings.first { $0.path.description.contains("from_port=22") })
    #expect(ssh.source?.location?.file.hasSuffix("iac-samples/terraform/main.tf") == true)
  }
}

@Suite("Terraform hashed attributes")
struct TerraformHashedAttributeTests {
  @Test func sha1TestVectors() {
    #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(SHA1.hex([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(
      SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
  }

  @Test func userDataIsComparedByItsHash() {
    let script = "#!/bin/bash\necho hello\n"
    let configured = TerraformConfiguredInstance(
      address: "aws_instance.app", mode: "managed", type: "aws_instance", name: "app", moduleAddress: "",
      values: ["user_data": .string(script)], unknownPaths: [], blockKeys: [], origins: [:], sensitivePaths: [],
      sharedByInstances: false, file: "main.tf", blockSpan: ByteSpan(start: 0, end: 0))
    let stored = SHA1.hex(Array(script.utf8))
    #expect(TerraformComparison.compare(configured, live: ["user_data": .string(stored)]).isEmpty)
    let other = SHA1.hex(Array("#!/bin/bash\necho changed\n".utf8))
    #expect(
      TerraformComparison.compare(configured, live: ["user_data": .string(other)]).map(\.path.description) == [
        "user_data"
      ])
  }
}

@Suite("Terraform provider schema")
struct TerraformProviderSchemaTests {
  static let schemaJSON = """
    {"format_version":"1.0","provider_schemas":{"registry.terraform.io/hashicorp/aws":{"resource_schemas":{
      "aws_instance":{"version":1,"block":{
        "attributes":{
          "monitoring":{"type":"bool","optional":true},
          "instance_type":{"type":"string","optional":true,"computed":true},
          "arn":{"type":"string","computed":true}},
        "block_types":{
          "ebs_block_device":{"nesting_mode":"set","block":{}},
          "network_interface":{"nesting_mode":"list","block":{}}}}}}}}}
    """

  func instance(_ values: Value) -> TerraformConfiguredInstance {
    TerraformConfiguredInstance(
      address: "aws_instance.app", mode: "managed", type: "aws_instance", name: "app", moduleAddress: "",
      values: values, unknownPaths: [], blockKeys: ["network_interface"], origins: [:], sensitivePaths: [],
      sharedByInstances: false, file: "main.tf", blockSpan: ByteSpan(start: 0, end: 0))
  }

  @Test func readsOptionalAttributesAndOrderedBlocks() throws {
    let schema = try TerraformProviderSchema.load(SourceFile(path: "schema.json", text: Self.schemaJSON))
    let type = try #require(schema.resources["aws_instance"])
    #expect(type.optionalNotComputed == ["monitoring"])
    #expect(type.orderedLists == ["network_interface"])
  }

  @Test func omittedOptionalAttributesAreComparedWithTheirDefault() throws {
    let schema = try TerraformProviderSchema.load(SourceFile(path: "schema.json", text: Self.schemaJSON))
    let configured = instance(["instance_type": "t3.micro"])
    let live: Value = ["instance_type": "t3.micro", "monitoring": true, "arn": "arn:aws:ec2:…"]
    #expect(TerraformComparison.compare(configured, live: live).isEmpty)
    let changes = TerraformComparison.compare(configured, live: live, schema: schema)
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["monitoring added"])
    // Unset (false) is the default: not drift.
    #expect(
      TerraformComparison.compare(configured, live: ["instance_type": "t3.micro", "monitoring": false], schema: schema)
        .isEmpty)
  }

  @Test func orderedBlocksKeepTheirOrder() throws {
    let schema = try TerraformProviderSchema.load(SourceFile(path: "schema.json", text: Self.schemaJSON))
    let configured = instance(["network_interface": [["device_index": 0, "id": "a"], ["device_index": 1, "id": "b"]]])
    let swapped: Value = ["network_interface": [["device_index": 1, "id": "b"], ["device_index": 0, "id": "a"]]]
    #expect(TerraformComparison.compare(configured, live: swapped).isEmpty)
    #expect(
      TerraformComparison.compare(configured, live: swapped, schema: schema).map(\.path.description)
        == ["network_interface[0]", "network_interface[1]"])
  }

  @Test func notASchemaIsAClearError() {
    #expect(throws: Diagnostic.self) {
      _ = try TerraformProviderSchema.load(SourceFile(path: "x.json", text: "{\"a\": 1}"))
    }
  }
}

@Suite("Terraform unmanaged resources that are a risk")
struct TerraformUnmanagedRiskTests {
  func unmanaged(_ type: String, _ values: Value) -> Finding {
    let classifier = TerraformClassifier(
      redactor: Redactor(key: [9]), captureLabel: "c1",
      read: { path in throw Diagnostic(.error, "no such file", file: path) }, sources: [:])
    return classifier.unmanaged(
      TerraformLiveInstance(
        address: "\(type).debug", mode: "managed", type: type, name: "debug", moduleAddress: "", indexKey: nil,
        values: values, sensitivePaths: [], isTainted: false, location: nil))
  }

  @Test func aWorldOpenGroupInStateOnlyIsReverted() {
    let finding = unmanaged(
      "aws_security_group",
      [
        "name": "debug",
        "ingress": [["protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]]],
      ])
    #expect(finding.action == .revert)
    #expect(finding.severity == .critical)
    #expect(finding.security?.rule == "AWS-SG-OPEN-INGRESS")
    #expect(finding.backport.reason.contains("weakens security"))
  }

  @Test func aStandaloneWorldRuleInStateOnlyIsReverted() {
    let finding = unmanaged(
      "aws_security_group_rule",
      ["type": "ingress", "protocol": "tcp", "from_port": 3389, "to_port": 3389, "cidr_blocks": ["0.0.0.0/0"]])
    #expect(finding.action == .revert)
    #expect(finding.severity == .critical)
  }

  @Test func aHarmlessLeftoverIsForReview() {
    let privateRule = unmanaged(
      "aws_security_group",
      ["ingress": [["protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]]]])
    #expect(privateRule.action == .review)
    #expect(privateRule.security == nil)
    let bucket = unmanaged("aws_s3_bucket", ["bucket": "legacy-logs"])
    #expect(bucket.action == .review)
    #expect(bucket.severity == .medium)
  }
}
