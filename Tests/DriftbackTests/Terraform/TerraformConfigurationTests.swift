import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

// MARK: - Fixture

/// The sample configuration (iac-samples/terraform) and its first capture, plus inline configurations.
enum TerraformConfigurationFixture {
  /// The package root, from this file's path (<root>/Tests/DriftbackTests/Terraform/…).
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  static let sampleFolder = "iac-samples/terraform"

  /// The files directly in a folder (relative to `base`), with paths relative to `base`.
  static func files(in folder: String, base: String) -> [SourceFile]? {
    let absolute = base + "/" + folder
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue,
      let names = try? FileManager.default.contentsOfDirectory(atPath: absolute)
    else { return nil }
    return names.sorted().compactMap { name in
      let path = absolute + "/" + name
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
        let data = FileManager.default.contents(atPath: path)
      else { return nil }
      return SourceFile(path: (folder.isEmpty ? "" : folder + "/") + name, bytes: Array(data))
    }
  }

  /// Loads a folder as a root module, reading local modules next to it.
  static func load(
    folder: String, base: String, varFiles: [SourceFile] = [], live: ((String) -> Value?)? = nil
  ) throws -> TerraformConfiguration {
    let rootFiles = try #require(files(in: folder, base: base))
    return try TerraformConfiguration.load(
      rootFiles: rootFiles, varFiles: varFiles,
      readModule: { files(in: folder + "/" + $0, base: base) }, live: live)
  }

  static func sample(live: Bool) throws -> TerraformConfiguration {
    let state = try liveState()
    return try load(folder: sampleFolder, base: packageRoot, live: live ? { state[$0] } : nil)
  }

  /// Instance values by address from the sample's `terraform show -json`.
  static func liveState() throws -> [String: Value] {
    let path = packageRoot + "/snapshots/2026-11-19T02-00Z/terraform/show.json"
    let data = try #require(FileManager.default.contents(atPath: path))
    let file = SourceFile(path: "show.json", bytes: Array(data))
    let root = try #require(try JSONParser().parse(file).root)
    let show = try Value(syntax: root, schema: .core, file: file)
    var out: [String: Value] = [:]
    func walk(_ module: Value) {
      for resource in module["resources"]?.list ?? [] {
        if let address = resource["address"]?.string { out[address] = resource["values"] }
      }
      for child in module["child_modules"]?.list ?? [] { walk(child) }
    }
    walk(try #require(show.value(at: ["values", "root_module"])))
    return out
  }

  /// Loads an inline configuration: `files` maps paths (`main.tf`, `modules/x/main.tf`) to text.
  static func inline(
    _ files: [String: String], varFiles: [String: String] = [:], live: ((String) -> Value?)? = nil
  ) throws -> TerraformConfiguration {
    let sources = files.mapValues { $0 }
    let root = sources.filter { !$0.key.contains("/") }.map { SourceFile(path: $0.key, text: $0.value) }
    let vars = varFiles.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
    return try TerraformConfiguration.load(
      rootFiles: root, varFiles: vars,
      readModule: { folder in
        let inFolder = sources.filter {
          $0.key.hasPrefix(folder + "/") && !$0.key.dropFirst(folder.count + 1).contains("/")
        }
        return inFolder.isEmpty ? nil : inFolder.map { SourceFile(path: $0.key, text: $0.value) }
      }, live: live)
  }

  static func path(_ text: String) throws -> ValuePath { try ValuePath(parsing: text) }
}

// MARK: - Sample configuration

@Suite("TerraformConfiguration: sample")
struct TerraformConfigurationSampleTests {
  @Test func instancesAreTheSampleStateAddresses() throws {
    let configuration = try TerraformConfigurationFixture.sample(live: true)
    let state = try TerraformConfigurationFixture.liveState()
    #expect(configuration.instances.map(\.address) == state.keys.sorted())
    #expect(configuration.instances.map(\.address) == configuration.instances.map(\.address).sorted())
    let data = try #require(configuration.instance("module.network.data.aws_region.current"))
    #expect(data.mode == "data" && data.type == "aws_region" && data.moduleAddress == "module.network")
  }

  @Test func securityGroupBlocksBecomeListsOfObjects() throws {
    let configuration = try TerraformConfigurationFixture.sample(live: false)
    let group = try #require(configuration.instance("aws_security_group.web"))
    #expect(group.blockKeys == ["ingress", "egress"])
    let ingress = try #require(group.values["ingress"]?.list)
    #expect(ingress.count == 2)
    #expect(ingress[0]["from_port"] == 443)
    #expect(ingress[0]["cidr_blocks"] == ["0.0.0.0/0"])
    #expect(ingress[1]["description"] == "SSH for operators")
    #expect(group.values["egress"]?.list?.count == 1)
    #expect(group.values["name"] == "shop-prod-web")
    // vpc_id comes from a module output that reads aws_vpc.this.id: unknown without a live state.
    #expect(group.unknownPaths.contains(try TerraformConfigurationFixture.path("vpc_id")))
    #expect(group.values["vpc_id"] == nil)
  }

  @Test func policyIsTheJSONTextJsonencodeProduces() throws {
    let state = try TerraformConfigurationFixture.liveState()
    let withLive = try TerraformConfigurationFixture.sample(live: true)
    let policy = try #require(withLive.instance("aws_iam_policy.read_assets"))
    #expect(policy.values["policy"] == state["aws_iam_policy.read_assets"]?["policy"])
    #expect(policy.values["policy"]?.string?.hasPrefix("{\"Statement\":[{\"Action\":") == true)

    let offline = try TerraformConfigurationFixture.sample(live: false)
    let unknown = try #require(offline.instance("aws_iam_policy.read_assets"))
    #expect(unknown.values["policy"] == nil)
    #expect(unknown.unknownPaths.contains(try TerraformConfigurationFixture.path("policy")))
    #expect(unknown.values["name"] == "shop-prod-read-assets")
    #expect(offline.unknownValueCount >= 1)
  }

  @Test func tagsAreMergedWithTheirOrigins() throws {
    let configuration = try TerraformConfigurationFixture.sample(live: false)
    let bucket = try #require(configuration.instance("aws_s3_bucket.assets"))
    let expected: Value = [
      "project": "shop", "env": "prod", "team": "platform", "managed-by": "terraform", "Name": "shop-prod-assets",
      "data-class": "public",
    ]
    #expect(bucket.values["tags"] == expected)
    #expect(bucket.values["bucket"] == "acme-shop-prod-assets")

    // `env = var.environment` in the locals: back-ported where the variable is set, terraform.tfvars.
    let env = try #require(bucket.origins[try TerraformConfigurationFixture.path("tags.env")])
    guard case .variable(let name, let file, let span, let via) = env else {
      Issue.record("expected a variable origin, got \(env)")
      return
    }
    #expect(name == "environment" && via == "tfvars" && file.hasSuffix("terraform.tfvars"))
    let tfvars = try #require(
      TerraformConfigurationFixture.files(in: "iac-samples/terraform", base: TerraformConfigurationFixture.packageRoot)?
        .first { $0.path == file })
    #expect(tfvars.text(span) == "\"prod\"")

    // `team = "platform"` is a literal in the locals block of main.tf.
    let team = try #require(bucket.origins[try TerraformConfigurationFixture.path("tags.team")])
    guard case .literal(let teamFile, let teamSpan) = team else {
      Issue.record("expected a literal origin, got \(team)")
      return
    }
    let main = try #require(
      TerraformConfigurationFixture.files(in: "iac-samples/terraform", base: TerraformConfigurationFixture.packageRoot)?
        .first { $0.path == teamFile })
    #expect(main.text(teamSpan) == "\"platform\"")

    // The Name tag is a template: not back-portable, and the finding can say which expression.
    let nameOrigin = try #require(bucket.origins[try TerraformConfigurationFixture.path("tags.Name")])
    guard case .expression(let text, _, _) = nameOrigin else {
      Issue.record("expected an expression origin, got \(nameOrigin)")
      return
    }
    #expect(text == "\"${local.name}-assets\"")
    #expect(!nameOrigin.isBackportable)
  }

  @Test func literalOriginSpanIsTheLiteral() throws {
    let configuration = try TerraformConfigurationFixture.sample(live: false)
    let group = try #require(configuration.instance("aws_security_group.web"))
    let origin = try #require(group.origins[try TerraformConfigurationFixture.path("description")])
    guard case .literal(let file, let span) = origin else {
      Issue.record("expected a literal origin, got \(origin)")
      return
    }
    let source = try #require(
      TerraformConfigurationFixture.files(in: "iac-samples/terraform", base: TerraformConfigurationFixture.packageRoot)?
        .first { $0.path == file })
    #expect(source.text(span) == "\"Shop web tier\"")
    let port = try #require(group.origins[try TerraformConfigurationFixture.path("ingress[1].from_port")])
    #expect(source.text(port.span) == "22")
    #expect(group.file == "iac-samples/terraform/main.tf")
    #expect(source.text(group.blockSpan).hasPrefix("resource \"aws_security_group\" \"web\" {"))
  }

  @Test func countInstancesAreExpandedAndShared() throws {
    let state = try TerraformConfigurationFixture.liveState()
    let configuration = try TerraformConfigurationFixture.sample(live: true)
    for index in 0..<2 {
      let app = try #require(configuration.instance("aws_instance.app[\(index)]"))
      #expect(app.sharedByInstances)
      #expect(app.values["tags"]?["Name"] == .string("shop-prod-app-\(index)"))
      #expect(app.values["instance_type"] == "t3.small")
      #expect(app.values["root_block_device"]?.list?.first?["volume_size"] == 20)
      #expect(app.values["metadata_options"] == [["http_tokens": "required"]])
      // values(module.network.subnet_ids)[count.index], through the module output and the live subnets.
      #expect(app.values["subnet_id"] == state["aws_instance.app[\(index)]"]?["subnet_id"])
      #expect(app.values["vpc_security_group_ids"] == state["aws_instance.app[\(index)]"]?["vpc_security_group_ids"])
      guard
        case .variable("app_instance_type", _, _, "tfvars")? = app.origins[
          try TerraformConfigurationFixture.path("instance_type")]
      else {
        Issue.record("instance_type should come from terraform.tfvars")
        continue
      }
    }
    #expect(configuration.instance("aws_s3_bucket.assets")?.sharedByInstances == false)
    #expect(configuration.instance("module.network.aws_subnet.private[\"a\"]")?.sharedByInstances == true)
  }

  @Test func unknownAndSensitiveValues() throws {
    let configuration = try TerraformConfigurationFixture.sample(live: false)
    let parameter = try #require(configuration.instance("aws_ssm_parameter.db_password"))
    let value = try TerraformConfigurationFixture.path("value")
    #expect(parameter.values["value"] == nil)
    #expect(parameter.unknownPaths.contains(value))
    #expect(parameter.sensitivePaths.contains(value))
    #expect(configuration.sensitiveVariables == ["db_password"])
    #expect(parameter.values["name"] == "/shop-prod/db/password")
    #expect(configuration.unknownValueCount == configuration.instances.reduce(0) { $0 + $1.unknownPaths.count })
  }

  @Test func moduleInstancesGetTheirInputs() throws {
    let configuration = try TerraformConfigurationFixture.sample(live: true)
    let subnet = try #require(configuration.instance("module.network.aws_subnet.private[\"b\"]"))
    #expect(subnet.values["cidr_block"] == "10.20.2.0/24")
    #expect(subnet.values["availability_zone"] == "eu-west-1b")
    #expect(subnet.values["tags"]?["Name"] == "shop-prod-private-b")
    guard
      case .variable("private_subnets", _, _, "default")? = subnet.origins[
        try TerraformConfigurationFixture.path("cidr_block")]
    else {
      Issue.record("cidr_block should come from the root variable's default")
      return
    }
    let vpc = try #require(configuration.instance("module.network.aws_vpc.this"))
    #expect(vpc.values["cidr_block"] == "10.20.0.0/16")
    #expect(vpc.values["enable_dns_hostnames"] == true)
    #expect(vpc.values["tags"]?["Name"] == "shop-prod")
  }
}

// MARK: - Inline configurations

@Suite("TerraformConfiguration: evaluation")
struct TerraformConfigurationEvaluationTests {
  @Test func syntaxErrorsAreDiagnosticsWithLineAndColumn() throws {
    do {
      _ = try TerraformConfigurationFixture.inline(["main.tf": "resource \"a\" \"b\" {\n  x = = 1\n}\n"])
      Issue.record("expected a syntax error")
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.severity == .error)
      #expect(diagnostic.location?.file == "main.tf")
      #expect(diagnostic.location?.line == 2)
      #expect((diagnostic.location?.column ?? 0) > 1)
    }
  }

  @Test func variablePrecedence() throws {
    let configuration = try TerraformConfigurationFixture.inline(
      [
        "main.tf": """
        variable "a" { default = "default" }
        variable "b" { default = "default" }
        variable "c" { default = "default" }
        variable "d" { default = "default" }
        resource "x" "y" {
          a = var.a
          b = var.b
          c = var.c
          d = var.d
        }
        """,
        "terraform.tfvars": "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\n",
        "b.auto.tfvars": "c = \"auto-b\"\n",
        "a.auto.tfvars": "c = \"auto-a\"\nd = \"auto-a\"\n",
      ], varFiles: ["extra.tfvars": "d = \"var-file\"\n"])
    let instance = try #require(configuration.instance("x.y"))
    #expect(instance.values == ["a": "default", "b": "tfvars", "c": "auto-b", "d": "var-file"])
    guard
      case .variable("d", "extra.tfvars", _, "var-file")? = instance.origins[
        try TerraformConfigurationFixture.path("d")]
    else {
      Issue.record("d should come from the var file: \(String(describing: instance.origins))")
      return
    }
  }

  @Test func functionsAndOperators() throws {
    let configuration = try TerraformConfigurationFixture.inline([
      "main.tf": """
      locals {
        m = { b = 2, a = 1 }
      }
      resource "x" "y" {
        subnet   = cidrsubnet("10.0.0.0/16", 8, 2)
        host     = cidrhost("10.0.1.0/24", 5)
        fmt      = format("%s-%03d", "app", 7)
        json     = jsonencode({ z = "<a&b>", a = [1, true, null], m = { y = 1.5 } })
        decoded  = jsondecode("{\\"k\\": [1, 2]}")["k"][1]
        keys     = keys(local.m)
        values   = values(local.m)
        joined   = join(",", ["a", "b"])
        parts    = split("/", "a/b/c")
        sum      = 1 + 2 * 3
        cmp      = 2 > 1 && !false
        cond     = length(local.m) == 2 ? "two" : "other"
        lower    = lower("ABC")
        coalesce = coalesce("", "x")
        flat     = flatten([[1], [2, [3]]])
        set      = toset(["b", "a", "b"])
        lookup   = lookup(local.m, "c", 3)
        contains = contains(["a"], "a")
        element  = element(["a", "b"], 3)
        try      = try(local.m.missing, "fallback")
        can      = can(local.m.missing)
        for      = [for k, v in local.m : "${k}=${v}" if v > 1]
        object   = { for k, v in local.m : upper(k) => v }
        max      = max(3, 9, 1)
        repl     = replace("a-b-c", "-", "_")
        tmpl     = "%{ for x in ["a", "b"] }${x};%{ endfor }"
        ends     = endswith("abc", "bc")
      }
      """
    ])
    let values = try #require(configuration.instance("x.y")?.values)
    #expect(values["subnet"] == "10.0.2.0/24")
    #expect(values["host"] == "10.0.1.5")
    #expect(values["fmt"] == "app-007")
    #expect(values["json"] == "{\"a\":[1,true,null],\"m\":{\"y\":1.5},\"z\":\"\\u003ca\\u0026b\\u003e\"}")
    #expect(values["decoded"] == 2)
    #expect(values["keys"] == ["a", "b"])
    #expect(values["values"] == [1, 2])
    #expect(values["joined"] == "a,b")
    #expect(values["parts"] == ["a", "b", "c"])
    #expect(values["sum"] == 7)
    #expect(values["cmp"] == true)
    #expect(values["cond"] == "two")
    #expect(values["lower"] == "abc")
    #expect(values["coalesce"] == "x")
    #expect(values["flat"] == [1, 2, 3])
    #expect(values["set"] == ["a", "b"])
    #expect(values["lookup"] == 3)
    #expect(values["contains"] == true)
    #expect(values["element"] == "b")
    #expect(values["try"] == "fallback")
    #expect(values["can"] == false)
    #expect(values["for"] == ["b=2"])
    #expect(values["object"] == ["A": 1, "B": 2])
    #expect(values["max"] == 9)
    #expect(values["repl"] == "a_b_c")
    #expect(values["tmpl"] == "a;b;")
    #expect(values["ends"] == true)
  }

  @Test func forEachOverASetAndDynamicBlocks() throws {
    let configuration = try TerraformConfigurationFixture.inline([
      "main.tf": """
      variable "ports" { default = [80, 443] }
      resource "x" "y" {
        for_each = toset(["b", "a"])
        name     = "n-${each.key}-${each.value}"
        dynamic "rule" {
          for_each = var.ports
          iterator = p
          content {
            port = p.value
            idx  = p.key
          }
        }
        rule {
          port = 22
        }
        dynamic "unknown" {
          for_each = some_resource.z.list
          content {}
        }
        lifecycle { ignore_changes = [name] }
        depends_on = [some_resource.z]
      }
      """
    ])
    #expect(configuration.instances.map(\.address) == ["x.y[\"a\"]", "x.y[\"b\"]"])
    let instance = try #require(configuration.instance("x.y[\"a\"]"))
    #expect(instance.values["name"] == "n-a-a")
    #expect(instance.values["rule"] == [["port": 80, "idx": 0], ["port": 443, "idx": 1], ["port": 22]])
    #expect(instance.blockKeys == ["rule", "unknown"])
    #expect(instance.unknownPaths == [try TerraformConfigurationFixture.path("unknown")])
    #expect(instance.values["lifecycle"] == nil && instance.values["depends_on"] == nil)
    guard
      case .variable("ports", _, _, "default")? = instance.origins[
        try TerraformConfigurationFixture.path("rule[1].port")]
    else {
      Issue.record("a port from a dynamic block comes from the variable")
      return
    }
  }

  @Test func referencesResolveFromLiveLeafByLeaf() throws {
    let files = [
      "main.tf": """
      resource "aws_s3_bucket" "b" { bucket = "x" }
      data "aws_region" "r" {}
      resource "x" "y" {
        arns   = [aws_s3_bucket.b.arn, "fixed"]
        object = { arn = aws_s3_bucket.b.arn, name = "fixed" }
        region = data.aws_region.r.name
        zone   = "${data.aws_region.r.name}a"
      }
      """
    ]
    let offline = try TerraformConfigurationFixture.inline(files)
    let instance = try #require(offline.instance("x.y"))
    #expect(instance.values["object"] == ["name": "fixed"])
    #expect(Set(instance.unknownPaths.map(\.description)) == ["arns", "object.arn", "region", "zone"])
    let live: [String: Value] = ["aws_s3_bucket.b": ["arn": "arn:b"], "data.aws_region.r": ["name": "eu-west-1"]]
    let online = try TerraformConfigurationFixture.inline(files, live: { live[$0] })
    let resolved = try #require(online.instance("x.y"))
    #expect(resolved.values["arns"] == ["arn:b", "fixed"])
    #expect(resolved.values["zone"] == "eu-west-1a")
    #expect(resolved.unknownPaths.isEmpty)
    guard
      case .expression("aws_s3_bucket.b.arn", _, _)? = resolved.origins[
        try TerraformConfigurationFixture.path("object.arn")]
    else {
      Issue.record("a reference is not back-portable")
      return
    }
  }

  @Test func modulesRemoteMissingCountedAndNested() throws {
    let configuration = try TerraformConfigurationFixture.inline([
      "main.tf": """
      module "remote" { source = "terraform-aws-modules/vpc/aws" }
      module "missing" { source = "./nowhere" }
      module "many" {
        source = "./modules/m"
        count  = 2
        name   = "m${count.index}"
      }
      resource "x" "uses" { value = module.many[1].out }
      resource "x" "unknown_count" {
        count = length(data.x.y.items)
      }
      """,
      "modules/m/main.tf": """
      variable "name" {}
      resource "x" "inner" { name = var.name }
      module "deeper" {
        source = "../n"
        label  = var.name
      }
      output "out" { value = "out-${var.name}" }
      """,
      "modules/n/main.tf": """
      variable "label" {}
      resource "x" "leaf" { label = var.label }
      """,
    ])
    #expect(
      configuration.instances.map(\.address) == [
        "module.many[0].module.deeper.x.leaf", "module.many[0].x.inner", "module.many[1].module.deeper.x.leaf",
        "module.many[1].x.inner", "x.uses",
      ])
    #expect(configuration.instance("x.uses")?.values["value"] == "out-m1")
    #expect(configuration.instance("module.many[1].module.deeper.x.leaf")?.values["label"] == "m1")
    #expect(configuration.instance("module.many[0].x.inner")?.sharedByInstances == true)
    let messages = configuration.diagnostics.map(\.message)
    #expect(messages.contains { $0.contains("not inspectable") })
    #expect(messages.contains { $0.contains("does not exist") })
    #expect(messages.contains { $0.contains("x.unknown_count") && $0.contains("count") })
    #expect(
      configuration.declaredResources.map(\.address) == [
        "module.many.module.deeper.x.leaf", "module.many.x.inner", "x.unknown_count", "x.uses",
      ])
  }

  @Test func hostileInputsEndWithoutCrashing() throws {
    var chain = "locals {\n  l0 = \"x\"\n"
    for index in 1..<400 { chain += "  l\(index) = \"${local.l\(index - 1)}${local.l\(index - 1)}\"\n" }
    chain += "  cyc_a = local.cyc_b\n  cyc_b = local.cyc_a\n}\n"
    chain += "resource \"x\" \"y\" {\n  big = local.l399\n  cyc = local.cyc_a\n  count = 100000000\n}\n"
    chain +=
      "resource \"x\" \"z\" {\n  big = local.l399\n  deep = " + String(repeating: "[", count: 150)
      + String(repeating: "]", count: 150) + "\n}\n"
    chain +=
      "resource \"x\" \"calls\" {\n  deep = " + String(repeating: "abs(", count: 190) + "-1"
      + String(repeating: ")", count: 190) + "\n}\n"
    chain += "module \"self\" { source = \"./\" }\n"
    let configuration = try TerraformConfigurationFixture.inline(["main.tf": chain])
    let z = configuration.instances.first { $0.address == "x.z" }
    #expect(z?.values["big"] == nil)
    #expect(configuration.instances.first { $0.address == "x.calls" }?.values["deep"] == nil)
    #expect(!configuration.diagnostics.isEmpty)
  }
}
