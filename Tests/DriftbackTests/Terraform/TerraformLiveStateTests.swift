import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

// The three files Terraform writes about a live estate (state v4, `show -json`, `show -json` of a
// refresh-only plan) must load to the same instances. The samples under snapshots/ were written by
// Terraform 1.11.4; the inline documents pin addresses, keys and error messages.

@Suite("TerraformLiveState")
struct TerraformLiveStateTests {
  // MARK: - Samples

  @Test("the three capture formats agree", arguments: TerraformLiveStateSamples.captures)
  func formatsAgree(_ folder: String) throws {
    let state = try TerraformLiveStateSamples.load(folder + "/terraform.tfstate")
    let show = try TerraformLiveStateSamples.load(folder + "/show.json")
    let plan = try TerraformLiveStateSamples.load(folder + "/plan-refresh-only.json")
    #expect(state.format == .stateV4)
    #expect(show.format == .showJSON)
    #expect(plan.format == .refreshOnlyPlan)
    #expect(state.terraformVersion == "1.11.4")
    #expect(state.driftedAddresses == nil && show.driftedAddresses == nil)
    #expect(state.instances.count >= 12)

    for other in [show, plan] {
      #expect(other.instances.map(\.address) == state.instances.map(\.address), "\(other.format)")
      #expect(other.sensitiveOutputs == state.sensitiveOutputs, "\(other.format)")
      for (expected, actual) in zip(state.instances, other.instances) {
        #expect(actual.values == expected.values, "\(other.format) \(actual.address): values differ")
        #expect(actual.sensitivePaths == expected.sensitivePaths, "\(other.format) \(actual.address)")
        #expect(actual.mode == expected.mode && actual.type == expected.type && actual.name == expected.name)
        #expect(actual.moduleAddress == expected.moduleAddress && actual.indexKey == expected.indexKey)
        #expect(actual.isTainted == expected.isTainted)
      }
    }
  }

  @Test func refreshOnlyPlanNamesTheDriftedResources() throws {
    func drift(_ date: String) throws -> Set<String>? {
      try TerraformLiveStateSamples.load(TerraformLiveStateSamples.folder(date) + "/plan-refresh-only.json")
        .driftedAddresses
    }
    #expect(try drift("2026-11-19") == [])
    #expect(try drift("2026-11-20") == ["aws_s3_bucket_public_access_block.assets", "aws_security_group.web"])
    #expect(try drift("2026-11-21") == ["aws_security_group.web", "aws_s3_bucket.assets"])
  }

  @Test func sampleAddressesKeysAndSensitiveValues() throws {
    let state = try TerraformLiveStateSamples.load(
      TerraformLiveStateSamples.folder("2026-11-21") + "/terraform.tfstate")
    #expect(
      state.instances.map(\.address) == [
        "aws_iam_policy.read_assets", "aws_instance.app[0]", "aws_instance.app[1]", "aws_s3_bucket.assets",
        "aws_s3_bucket.legacy_logs", "aws_s3_bucket_public_access_block.assets", "aws_security_group.web",
        "aws_ssm_parameter.db_password", "data.aws_caller_identity.current",
        "module.network.aws_subnet.private[\"a\"]", "module.network.aws_subnet.private[\"b\"]",
        "module.network.aws_vpc.this", "module.network.data.aws_region.current",
      ])
    let app = try #require(state.instance(at: "aws_instance.app[1]"))
    #expect(app.indexKey == .int(1) && app.moduleAddress == "" && app.mode == "managed")
    let subnet = try #require(state.instance(at: "module.network.aws_subnet.private[\"a\"]"))
    #expect(subnet.indexKey == .string("a") && subnet.moduleAddress == "module.network")
    #expect(subnet.type == "aws_subnet" && subnet.name == "private")
    let caller = try #require(state.instance(at: "data.aws_caller_identity.current"))
    #expect(caller.mode == "data" && caller.indexKey == nil)
    let password = try #require(state.instance(at: "aws_ssm_parameter.db_password"))
    #expect(password.sensitivePaths.map(\.description) == ["value", "value_wo"])
    #expect(password.values["value"]?.span != nil, "values keep their byte spans")
    #expect(state.sensitiveOutputs == ["db_password"])
    #expect(password.location?.file.hasSuffix("terraform.tfstate") == true)
    #expect((password.location?.line ?? 0) > 600)
  }

  // MARK: - Errors

  @Test(
    "a truncated file is a located error",
    arguments: ["terraform.tfstate", "show.json", "plan-refresh-only.json"])
  func truncated(_ name: String) throws {
    let path = TerraformLiveStateSamples.folder("2026-11-21") + "/" + name
    let bytes = try TerraformLiveStateSamples.bytes(path)
    let file = SourceFile(path: path, bytes: Array(bytes.prefix(bytes.count / 2)))
    let diagnostic = try expectDiagnostic { try TerraformLiveState.load(file) }
    let location = try #require(diagnostic.location)
    #expect(location.line >= 1 && location.column >= 1)
    #expect(diagnostic.rendered.hasPrefix("\(path):\(location.line):\(location.column): error: "))
    #expect(file.location(of: file.bytes.count).line == location.line)
    // No snippet: the line of a one-line show -json file would print sensitive values.
    #expect(diagnostic.sourceLine == nil && !diagnostic.rendered.contains("\n"))
  }

  @Test(
    "JSON that is not Terraform is refused",
    arguments: [
      #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}"#,
      "[1, 2]",
      #"{"version": "4"}"#,
      #"{"format_version": "1.0", "provider_schemas": {}}"#,
    ])
  func notTerraform(_ text: String) throws {
    let diagnostic = try load(text, path: "x.json")
    #expect(diagnostic.rendered.hasPrefix("x.json:1:1: error: not a Terraform state, show -json or plan JSON file"))
  }

  @Test func stateVersion3IsUnsupported() throws {
    let diagnostic = try load(#"{"version": 3, "serial": 1, "modules": []}"#, path: "old.tfstate")
    #expect(diagnostic.rendered.hasPrefix("old.tfstate:1:13: error: Terraform state version 3 is not supported"))
    #expect(diagnostic.message.contains("only version 4"))
  }

  @Test func legacyFlatAttributesAreUnsupported() throws {
    let text = """
      {"version": 4, "terraform_version": "0.12.0", "serial": 1, "resources": [
        {"mode": "managed", "type": "null_resource", "name": "a", "instances": [
          {"attributes_flat": {"id": "1", "triggers.%": "0"}}]}]}
      """
    let diagnostic = try load(text, path: "flat.tfstate")
    #expect(
      diagnostic.rendered.hasPrefix("flat.tfstate:3:25: error: null_resource.a has only legacy `attributes_flat`"))
    #expect(diagnostic.message.contains("not supported"))
  }

  @Test func planWithoutPriorStateIsRefused() throws {
    let text =
      #"{"format_version": "0.1", "resource_changes": [{"address": "a.b", "change": {"actions": ["create"]}}]}"#
    let diagnostic = try load(text, path: "plan.json")
    #expect(diagnostic.rendered.hasPrefix("plan.json:1:1: error: plan JSON has no `prior_state`"))
  }

  @Test func structuralErrorsPointAtTheNode() throws {
    let text = """
      {"version": 4, "serial": 1, "resources": [
        {"mode": "managed", "type": "x_y", "name": "a", "instances": [{"index_key": true, "attributes": {}}]}]}
      """
    let diagnostic = try load(text, path: "bad.tfstate")
    #expect(diagnostic.rendered.hasPrefix("bad.tfstate:2:79: error: an instance key must be an integer"))
  }

  // MARK: - Addresses and keys

  @Test func stateAddressesAreRenderedAsTerraformDoes() throws {
    let text = """
      {"version": 4, "terraform_version": "1.9.0", "serial": 3, "lineage": "l", "outputs": {},
       "resources": [
        {"module": "module.zone[\\"eu-west-1\\"].module.dns[2]", "mode": "managed", "type": "aws_route53_record",
         "name": "www", "provider": "p", "instances": [
           {"index_key": "a \\"quoted\\" ${x} %{y} $z\\n", "attributes": {"id": "1"}, "sensitive_attributes": []}]},
        {"mode": "data", "type": "aws_ami", "name": "ubuntu", "provider": "p", "instances": [
           {"index_key": 10, "attributes": {"id": "ami-1"}}, {"index_key": 2, "attributes": {"id": "ami-2"}}]},
        {"mode": "managed", "type": "aws_instance", "name": "web", "provider": "p", "instances": [
           {"status": "tainted", "attributes": {"id": "i-1"}},
           {"deposed": "00000001", "attributes": {"id": "i-0"}}]}
       ]}
      """
    let state = try TerraformLiveState.load(SourceFile(path: "t.tfstate", text: text))
    #expect(
      state.instances.map(\.address) == [
        "aws_instance.web", "data.aws_ami.ubuntu[10]", "data.aws_ami.ubuntu[2]",
        #"module.zone["eu-west-1"].module.dns[2].aws_route53_record.www["a \"quoted\" $${x} %%{y} $z\n"]"#,
      ])
    #expect(state.instances[0].isTainted && !state.instances[1].isTainted)
    #expect(state.instances[1].indexKey == .int(10) && state.instances[1].mode == "data")
    #expect(state.instances[3].moduleAddress == #"module.zone["eu-west-1"].module.dns[2]"#)
    #expect(state.instances[3].location == SourceLocation(file: "t.tfstate", line: 5, column: 6))
    #expect(TerraformLiveInstance.instanceKeyText(.string("tab\there\u{7}")) == #"["tab\there\u0007"]"#)
  }

  @Test func showJSONBuildsAddressesFromModulesAndKeys() throws {
    // show -json format 0.1 (Terraform 0.12) wrote `address` without module and key: it is not trusted.
    let text = """
      {"format_version": "0.1", "terraform_version": "0.12.0", "values": {
        "outputs": {"pw": {"sensitive": true, "value": "x"}, "id": {"sensitive": false, "value": "y"}},
        "root_module": {
          "resources": [{"address": "null_resource.baz", "mode": "managed", "type": "null_resource",
                         "name": "baz", "index": 1, "values": {"id": "1"}, "tainted": true},
                        {"address": "null_resource.old", "mode": "managed", "type": "null_resource",
                         "name": "old", "deposed_key": "abcd1234", "values": {"id": "0"}}],
          "child_modules": [{"address": "module.net[\\"b\\"]", "resources": [
            {"address": "aws_subnet.x", "mode": "managed", "type": "aws_subnet", "name": "x", "index": "k",
             "values": {"tags": {"a": "b"}, "ports": [1, 2]},
             "sensitive_values": {"tags": {"a": true}, "ports": [false, true], "other": {}}}],
            "child_modules": [{"address": "module.net[\\"b\\"].module.deep", "resources": [
              {"mode": "data", "type": "t", "name": "n", "values": {}}]}]}]}}}
      """
    let state = try TerraformLiveState.load(SourceFile(path: "show.json", text: text))
    #expect(state.format == .showJSON && state.terraformVersion == "0.12.0")
    #expect(
      state.instances.map(\.address) == [
        #"module.net["b"].aws_subnet.x["k"]"#, #"module.net["b"].module.deep.data.t.n"#, "null_resource.baz[1]",
      ])
    #expect(state.instances[0].sensitivePaths.map(\.description) == ["ports[1]", "tags.a"])
    #expect(state.instances[2].isTainted)
    #expect(state.sensitiveOutputs == ["pw"])
  }

  @Test func sensitiveAttributeStepShapes() throws {
    let text = """
      {"version": 4, "serial": 1, "resources": [{"mode": "managed", "type": "x_y", "name": "a", "instances": [
        {"attributes": {"password": "p", "list": ["a", "b"], "map": {"k.1": "v"}, "set": ["s"]},
         "sensitive_attributes": [
           [{"type": "get_attr", "value": "password"}],
           [{"type": "get_attr", "value": "list"}, {"type": "index", "value": {"value": 1, "type": "number"}}],
           [{"type": "get_attr", "value": "map"}, {"type": "index", "value": {"value": "k.1", "type": "string"}}],
           [{"type": "get_attr", "value": "set"}, {"type": "index", "value": {"value": "s", "type": ["set", "string"]}}],
           ["password"], ["list", 0]]}]}]}
      """
    let state = try TerraformLiveState.load(SourceFile(path: "s.tfstate", text: text))
    #expect(
      state.instances[0].sensitivePaths.map(\.description) == ["list[0]", "list[1]", #"map["k.1"]"#, "password", "set"]
    )
  }

  @Test func emptyShowAndOrdinaryPlan() throws {
    let empty = try TerraformLiveState.load(SourceFile(path: "e.json", text: #"{"format_version": "1.0"}"#))
    #expect(empty.format == .showJSON && empty.instances.isEmpty)
    let plan = """
      {"format_version": "1.2", "terraform_version": "1.11.4",
       "resource_changes": [{"address": "a_b.c", "change": {"actions": ["update"]}}],
       "prior_state": {"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {
         "resources": [{"address": "a_b.c", "mode": "managed", "type": "a_b", "name": "c", "values": {"v": 1}}]}}}}
      """
    let state = try TerraformLiveState.load(SourceFile(path: "p.json", text: plan))
    #expect(state.format == .refreshOnlyPlan && state.driftedAddresses == [])
    #expect(state.instances.map(\.address) == ["a_b.c"] && state.instances[0].values == ["v": 1])
  }

  // MARK: - Helpers

  private func load(_ text: String, path: String) throws -> Diagnostic {
    try expectDiagnostic { try TerraformLiveState.load(SourceFile(path: path, text: text)) }
  }

  private func expectDiagnostic(_ body: () throws -> TerraformLiveState) throws -> Diagnostic {
    do {
      let state = try body()
      Issue.record("expected a diagnostic, loaded \(state.instances.count) instances")
      throw CancellationError()
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.severity == .error)
      return diagnostic
    }
  }
}

/// The Terraform captures under snapshots/, found from this file's location.
enum TerraformLiveStateSamples {
  /// <root>/Tests/DriftbackTests/Terraform/TerraformLiveStateTests.swift → <root>.
  static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url
  }()

  /// `snapshots/<date>/terraform` folders (relative to the package root), oldest first.
  static let captures: [String] = {
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("snapshots").path))
      ?? []
    return names.sorted().map { "snapshots/\($0)/terraform" }.filter {
      FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent($0 + "/terraform.tfstate").path)
    }
  }()

  /// The capture folder of a date (`2026-11-21`).
  static func folder(_ date: String) -> String {
    captures.first { $0.hasPrefix("snapshots/\(date)") } ?? "snapshots/\(date)-missing/terraform"
  }

  static func bytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: packageRoot.appendingPathComponent(path)))
  }

  static func load(_ path: String) throws -> TerraformLiveState {
    try TerraformLiveState.load(SourceFile(path: path, bytes: bytes(path)))
  }
}
