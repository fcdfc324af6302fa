import DriftbackSyntax
import Testing

@testable import Driftback

// MARK: - Fixture

/// Plans the back-port of one change found by `TerraformComparison` between an inline configuration and a
/// live value, applies it, and checks the result the way the verification stage will.
enum HCLBackportFixture {
  struct Outcome {
    /// The new text of every file, edited or not.
    var texts: [String: String]
    var edits: [(path: String, edits: [SourceEdit])]
  }

  /// The configured instance at `address`.
  static func instance(
    _ files: [String: String], address: String
  ) throws -> TerraformConfiguredInstance {
    let configuration = try TerraformConfigurationFixture.inline(files)
    return try #require(configuration.instance(address), "no \(address)")
  }

  /// Plans the change at `path` (which `compare(instance, live)` must report), applies the edits and checks:
  /// bytes outside the edits are untouched, every file re-parses, and comparing the re-evaluated instance
  /// with `live` gives the same changes minus this one.
  /// A `change` given explicitly (one the comparison does not report, such as a new top-level attribute)
  /// is checked by reading the value at its path after the edit.
  static func backport(
    _ files: [String: String], address: String, live: Value, path: String, change explicit: Change? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Outcome {
    let before = try instance(files, address: address)
    let changes = TerraformComparison.compare(before, live: live)
    let change =
      try explicit ?? #require(
        changes.first { $0.path.description == path }, "no change at \(path): \(changes.map(\.path.description))",
        sourceLocation: sourceLocation)
    var named: [String: SourceFile] = [:]
    for (key, value) in files { named[key] = SourceFile(path: key, text: value) }
    let planned = HCLEditPlanner().edits(for: change, instance: before, files: named)
    let edits: [(path: String, edits: [SourceEdit])]
    switch planned {
    case .success(let value): edits = value
    case .failure(let refusal):
      Issue.record("refused: \(refusal.reason)", sourceLocation: sourceLocation)
      throw refusal
    }
    #expect(!edits.isEmpty, sourceLocation: sourceLocation)
    var texts = files
    for (file, fileEdits) in edits {
      let original = try #require(named[file], sourceLocation: sourceLocation)
      let newBytes = try SourceEditApplier.apply(fileEdits, to: original.bytes)
      if let first = fileEdits.map(\.span.start).min(), let last = fileEdits.map(\.span.end).max() {
        #expect(newBytes.prefix(first).elementsEqual(original.bytes.prefix(first)), sourceLocation: sourceLocation)
        let tail = original.bytes.count - last
        #expect(newBytes.suffix(tail).elementsEqual(original.bytes.suffix(tail)), sourceLocation: sourceLocation)
      }
      let text = String(decoding: newBytes, as: UTF8.self)
      #expect(throws: Never.self, sourceLocation: sourceLocation) {
        _ = try HCLParser().parse(SourceFile(path: file, text: text))
      }
      texts[file] = text
    }
    let after = try instance(texts, address: address)
    let remaining = TerraformComparison.compare(after, live: live).map { "\($0.kind) \($0.path)" }
    let expected = changes.filter { $0.path != change.path }.map { "\($0.kind) \($0.path)" }
    #expect(
      remaining == expected, "after the edit:\n\(texts.values.joined(separator: "\n---\n"))",
      sourceLocation: sourceLocation)
    if let explicit, let keys = explicit.path.keys, let value = explicit.live {
      #expect(after.values.value(at: keys)?.semanticallyEquals(value) == true, sourceLocation: sourceLocation)
    }
    return Outcome(texts: texts, edits: edits)
  }

  /// The refusal for the change at `path`.
  static func refusal(
    _ files: [String: String], address: String, live: Value, path: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> String {
    let before = try instance(files, address: address)
    let changes = TerraformComparison.compare(before, live: live)
    let change = try #require(
      changes.first { $0.path.description == path }, "no change at \(path): \(changes.map(\.path.description))",
      sourceLocation: sourceLocation)
    var named: [String: SourceFile] = [:]
    for (key, value) in files { named[key] = SourceFile(path: key, text: value) }
    switch HCLEditPlanner().edits(for: change, instance: before, files: named) {
    case .success(let edits):
      Issue.record("planned \(edits.map(\.edits)) instead of refusing", sourceLocation: sourceLocation)
      return ""
    case .failure(let refusal):
      return refusal.reason
    }
  }

  /// `value` with the value at `keys` replaced (or removed, for `nil`).
  static func setting(_ value: Value, _ keys: [String], to new: Value?) -> Value {
    guard let key = keys.first else { return new ?? .null }
    var result = value
    result.withMap { map in
      if keys.count == 1 {
        map[key] = new
      } else {
        map[key] = setting(map[key] ?? .map(ValueMap()), Array(keys.dropFirst()), to: new)
      }
    }
    return result
  }
}

// MARK: - Tests

@Suite("HCLEditPlanner")
struct HCLEditPlannerTests {
  static let bucketConfig = """
    # Assets.
    locals {
      tags = {
        project = "shop"
        team    = "platform"
      }
    }

    resource "aws_s3_bucket" "assets" {
      bucket = "acme-assets" # the public name

      tags = merge(local.tags, {
        Name       = "assets"
        data-class = "public"
      })
    }

    # Nothing is blocked: images are served from the bucket.
    resource "aws_s3_bucket_public_access_block" "assets" {
      bucket = aws_s3_bucket.assets.id

      block_public_acls       = false
      block_public_policy     = false # CDN soon
      ignore_public_acls      = false
      restrict_public_buckets = false
    }

    """

  func live(_ address: String, _ files: [String: String], _ edit: (Value) -> Value) throws -> Value {
    edit(try HCLBackportFixture.instance(files, address: address).values)
  }

  // MARK: Changed literals

  @Test func changedBoolIsReplacedInPlace() throws {
    let files = ["main.tf": Self.bucketConfig]
    let address = "aws_s3_bucket_public_access_block.assets"
    let live = try live(address, files) { HCLBackportFixture.setting($0, ["block_public_policy"], to: true) }
    let outcome = try HCLBackportFixture.backport(files, address: address, live: live, path: "block_public_policy")
    #expect(
      outcome.texts["main.tf"]
        == Self.bucketConfig.replacingOccurrences(
          of: "block_public_policy     = false # CDN soon", with: "block_public_policy     = true # CDN soon"))
    #expect(outcome.edits[0].edits.count == 1 && outcome.edits[0].edits[0].replacement == "true")
  }

  @Test func changedStringKeepsQuotesAndEscapes() throws {
    let text = """
      resource "aws_security_group" "web" {
        name        = "web"
        description = "Shop \\"web\\" tier" # shown in the console
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_security_group.web", files) {
      HCLBackportFixture.setting($0, ["description"], to: "Shop \"web\" tier, ${env}\n")
    }
    let outcome = try HCLBackportFixture.backport(
      files, address: "aws_security_group.web", live: live, path: "description")
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(
          of: #""Shop \"web\" tier""#, with: #""Shop \"web\" tier, $${env}\n""#))
  }

  @Test func changedNumberAndHeredocKeepTheirStyle() throws {
    let text = """
      resource "aws_instance" "app" {
        ami       = "ami-1"
        user_data = <<-EOT
          #!/bin/sh
          echo hello
        EOT

        root_block_device {
          volume_size = 20
        }
        cpu_core_count = 2
      }

      """
    let files = ["main.tf": text]
    var live = try live("aws_instance.app", files) { HCLBackportFixture.setting($0, ["cpu_core_count"], to: 4) }
    var outcome = try HCLBackportFixture.backport(
      files, address: "aws_instance.app", live: live, path: "cpu_core_count")
    #expect(outcome.texts["main.tf"] == text.replacingOccurrences(of: "cpu_core_count = 2", with: "cpu_core_count = 4"))

    live = try self.live("aws_instance.app", files) {
      HCLBackportFixture.setting($0, ["user_data"], to: "#!/bin/sh\necho hello\necho world\n")
    }
    outcome = try HCLBackportFixture.backport(files, address: "aws_instance.app", live: live, path: "user_data")
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(of: "    echo hello\n", with: "    echo hello\n    echo world\n"))
  }

  // MARK: Variables

  static let variableConfig = """
    variable "instance_type" {
      description = "Size of the app servers."
      type        = string
      default     = "t3.micro"
    }

    variable "volume_size" {
      type    = number
      default = 20 # GiB
    }

    resource "aws_instance" "app" {
      ami           = "ami-1"
      instance_type = var.instance_type

      root_block_device {
        volume_size = var.volume_size
      }
    }

    """

  @Test func variableSetInTfvarsIsChangedThere() throws {
    let tfvars = """
      # Production values.
      instance_type = "t3.small"

      """
    let files = ["main.tf": Self.variableConfig, "terraform.tfvars": tfvars]
    let live = try live("aws_instance.app", files) { HCLBackportFixture.setting($0, ["instance_type"], to: "t3.large") }
    let outcome = try HCLBackportFixture.backport(files, address: "aws_instance.app", live: live, path: "instance_type")
    #expect(outcome.edits.map(\.path) == ["terraform.tfvars"])
    #expect(outcome.texts["terraform.tfvars"] == "# Production values.\ninstance_type = \"t3.large\"\n")
    #expect(outcome.texts["main.tf"] == Self.variableConfig)
  }

  @Test func variableWithoutTfvarsIsChangedAtItsDefault() throws {
    let files = ["main.tf": Self.variableConfig]
    let live = try live("aws_instance.app", files) { HCLBackportFixture.setting($0, ["instance_type"], to: "t3.large") }
    let outcome = try HCLBackportFixture.backport(files, address: "aws_instance.app", live: live, path: "instance_type")
    #expect(
      outcome.texts["main.tf"]
        == Self.variableConfig.replacingOccurrences(
          of: "default     = \"t3.micro\"", with: "default     = \"t3.large\""))
  }

  // MARK: Refusals

  @Test func computedValueIsRefusedWithItsExpression() throws {
    let text = """
      locals {
        name = "shop"
      }

      resource "aws_s3_bucket" "assets" {
        bucket = "${local.name}-assets"
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_s3_bucket.assets", files) { HCLBackportFixture.setting($0, ["bucket"], to: "other") }
    let reason = try HCLBackportFixture.refusal(files, address: "aws_s3_bucket.assets", live: live, path: "bucket")
    #expect(reason == "the value is computed by `\"${local.name}-assets\"` at main.tf:6; edit it by hand")
  }

  @Test func instancesOfCountAreRefused() throws {
    let text = """
      resource "aws_instance" "app" {
        count         = 2
        instance_type = "t3.micro"
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_instance.app[0]", files) {
      HCLBackportFixture.setting($0, ["instance_type"], to: "t3.large")
    }
    let reason = try HCLBackportFixture.refusal(
      files, address: "aws_instance.app[0]", live: live, path: "instance_type")
    #expect(reason.contains("shared by every instance of count/for_each"))
  }

  @Test func literalInLocalsIsRefusedAsShared() throws {
    let files = ["main.tf": Self.bucketConfig]
    let live = try live("aws_s3_bucket.assets", files) { HCLBackportFixture.setting($0, ["tags", "team"], to: "web") }
    let reason = try HCLBackportFixture.refusal(files, address: "aws_s3_bucket.assets", live: live, path: "tags.team")
    #expect(reason.contains("main.tf:5 (in the `locals` block)"))
  }

  @Test func mapFromAReferenceIsRefused() throws {
    let text = """
      locals {
        tags = { team = "platform" }
      }

      resource "aws_s3_bucket" "assets" {
        bucket = "assets"
        tags   = local.tags
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_s3_bucket.assets", files) {
      HCLBackportFixture.setting($0, ["tags", "scanned-by"], to: "guard")
    }
    let reason = try HCLBackportFixture.refusal(
      files, address: "aws_s3_bucket.assets", live: live, path: "tags.scanned-by")
    #expect(reason.contains("outside the block of aws_s3_bucket.assets"))
  }

  // MARK: Added

  @Test func addedTagGoesIntoTheMergedObjectAligned() throws {
    let files = ["main.tf": Self.bucketConfig]
    let live = try live("aws_s3_bucket.assets", files) {
      HCLBackportFixture.setting($0, ["tags", "scanned-by"], to: "guard")
    }
    let outcome = try HCLBackportFixture.backport(
      files, address: "aws_s3_bucket.assets", live: live, path: "tags.scanned-by")
    #expect(
      outcome.texts["main.tf"]
        == Self.bucketConfig.replacingOccurrences(
          of: "    data-class = \"public\"\n", with: "    data-class = \"public\"\n    scanned-by = \"guard\"\n"))
  }

  @Test func addedKeyLongerThanTheColumnGetsOneSpace() throws {
    let files = ["main.tf": Self.bucketConfig]
    let live = try live("aws_s3_bucket.assets", files) {
      HCLBackportFixture.setting($0, ["tags", "security:scanned-by"], to: "guard")
    }
    let outcome = try HCLBackportFixture.backport(
      files, address: "aws_s3_bucket.assets", live: live, path: "tags[\"security:scanned-by\"]")
    #expect(
      outcome.texts["main.tf"]
        == Self.bucketConfig.replacingOccurrences(
          of: "    data-class = \"public\"\n",
          with: "    data-class = \"public\"\n    \"security:scanned-by\" = \"guard\"\n"))
  }

  @Test func addedAttributeGoesAfterTheLastAttributeBeforeBlocks() throws {
    let text = """
      resource "aws_security_group" "web" {
        name   = "web"
        vpc_id = "vpc-1"

        ingress {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }

        tags = {
          Name = "web"
        }
      }

      """
    let files = ["main.tf": text]
    let address = "aws_security_group.web"
    var live = try live(address, files) { HCLBackportFixture.setting($0, ["revoke_rules_on_delete"], to: true) }
    // The comparison only looks at configured top-level keys, so the change is made by hand.
    var outcome = try HCLBackportFixture.backport(
      files, address: address, live: live, path: "revoke_rules_on_delete",
      change: try BackportFixture.change(.added, "revoke_rules_on_delete", live: true))
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(
          of: "  vpc_id = \"vpc-1\"\n", with: "  vpc_id = \"vpc-1\"\n  revoke_rules_on_delete = true\n"))

    live = try self.live(address, files) { HCLBackportFixture.setting($0, ["ami"], to: "x") }
    outcome = try HCLBackportFixture.backport(
      files, address: address, live: live, path: "ami", change: try BackportFixture.change(.added, "ami", live: "x"))
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(of: "  vpc_id = \"vpc-1\"\n", with: "  vpc_id = \"vpc-1\"\n  ami    = \"x\"\n"))
  }

  @Test func addedKeyInAnInlineObject() throws {
    let text = """
      resource "aws_s3_bucket" "assets" {
        bucket = "assets"
        tags   = { team = "platform" }
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_s3_bucket.assets", files) {
      HCLBackportFixture.setting($0, ["tags", "env"], to: "prod")
    }
    let outcome = try HCLBackportFixture.backport(files, address: "aws_s3_bucket.assets", live: live, path: "tags.env")
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(of: "{ team = \"platform\" }", with: "{ team = \"platform\", env = \"prod\" }"))
  }

  // MARK: Removed

  @Test func removedAttributeTakesItsCommentsAlong() throws {
    let text = """
      resource "aws_instance" "app" {
        ami = "ami-1"

        # Temporary, for the load test.
        # Remove after OPS-7.
        instance_type = "t3.2xlarge" # big
        monitoring    = true
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_instance.app", files) { HCLBackportFixture.setting($0, ["instance_type"], to: nil) }
    let outcome = try HCLBackportFixture.backport(files, address: "aws_instance.app", live: live, path: "instance_type")
    #expect(
      outcome.texts["main.tf"]
        == """
        resource "aws_instance" "app" {
          ami = "ami-1"

          monitoring    = true
        }

        """)
  }

  @Test func removedMapKey() throws {
    let files = ["main.tf": Self.bucketConfig]
    let live = try live("aws_s3_bucket.assets", files) {
      HCLBackportFixture.setting($0, ["tags", "data-class"], to: nil)
    }
    let outcome = try HCLBackportFixture.backport(
      files, address: "aws_s3_bucket.assets", live: live, path: "tags.data-class")
    #expect(
      outcome.texts["main.tf"] == Self.bucketConfig.replacingOccurrences(of: "    data-class = \"public\"\n", with: ""))
  }

  // MARK: Security-group rules

  static let securityGroup = """
    resource "aws_security_group" "web" {
      name = "web"

      ingress {
        description = "HTTPS"
        from_port   = 443
        to_port     = 443
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0", "10.0.0.0/8"]
      }

      # Temporary: the migration.
      ingress {
        description = "SSH"
        from_port   = 22
        to_port     = 22
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0"]
      }

      egress {
        from_port   = 0
        to_port     = 0
        protocol    = "-1"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }

    """

  func rules(_ edit: ([Value]) -> [Value]) throws -> Value {
    try live("aws_security_group.web", ["main.tf": Self.securityGroup]) { values in
      HCLBackportFixture.setting(values, ["ingress"], to: .list(edit(values["ingress"]?.list ?? [])))
    }
  }

  @Test func removedRuleTakesItsBlockAndComment() throws {
    let live = try rules { Array($0.prefix(1)) }
    let outcome = try HCLBackportFixture.backport(
      ["main.tf": Self.securityGroup], address: "aws_security_group.web", live: live,
      path: #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"]"#)
    let start = try #require(Self.securityGroup.range(of: "  # Temporary"))
    let end = try #require(Self.securityGroup.range(of: "  egress {"))
    var expected = Self.securityGroup
    expected.removeSubrange(start.lowerBound..<end.lowerBound)
    #expect(outcome.texts["main.tf"] == expected)
  }

  @Test func removedSourceLeavesTheList() throws {
    let live = try rules { items in
      [HCLBackportFixture.setting(items[0], ["cidr_blocks"], to: ["0.0.0.0/0"]), items[1]]
    }
    let outcome = try HCLBackportFixture.backport(
      ["main.tf": Self.securityGroup], address: "aws_security_group.web", live: live,
      path: #"ingress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="10.0.0.0/8"]"#)
    #expect(
      outcome.texts["main.tf"]
        == Self.securityGroup.replacingOccurrences(
          of: #"["0.0.0.0/0", "10.0.0.0/8"]"#, with: #"["0.0.0.0/0"]"#))
  }

  @Test func addedRuleBecomesABlockAfterTheLastOfItsType() throws {
    let debug: Value = [
      "cidr_blocks": ["10.0.0.0/8"], "description": "debug port", "from_port": 8080, "ipv6_cidr_blocks": [],
      "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": false, "to_port": 8080,
    ]
    let live = try rules { $0 + [debug] }
    let outcome = try HCLBackportFixture.backport(
      ["main.tf": Self.securityGroup], address: "aws_security_group.web", live: live,
      path: #"ingress[protocol=tcp,from_port=8080,to_port=8080,cidr_blocks="10.0.0.0/8"]"#)
    #expect(
      outcome.texts["main.tf"]
        == Self.securityGroup.replacingOccurrences(
          of: "    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n\n  egress",
          with: """
                cidr_blocks = ["0.0.0.0/0"]
              }

              ingress {
                description = "debug port"
                from_port   = 8080
                to_port     = 8080
                protocol    = "tcp"
                cidr_blocks = ["10.0.0.0/8"]
              }

              egress
            """))
  }

  // MARK: Other nested blocks

  @Test func nestedBlocksAreAddedAndRemovedAsSets() throws {
    let text = """
      resource "aws_instance" "app" {
        ami = "ami-1"

        ebs_block_device {
          device_name = "/dev/sdb"
          volume_size = 10
        }

        # Scratch space.
        ebs_block_device {
          device_name = "/dev/sdc"
          volume_size = 50
        }
      }

      """
    let files = ["main.tf": text]
    var live = try live("aws_instance.app", files) { values in
      HCLBackportFixture.setting(
        values, ["ebs_block_device"], to: .list(Array(values["ebs_block_device"]!.list!.prefix(1))))
    }
    var outcome = try HCLBackportFixture.backport(
      files, address: "aws_instance.app", live: live, path: "ebs_block_device[1]")
    #expect(
      outcome.texts["main.tf"]
        == """
        resource "aws_instance" "app" {
          ami = "ami-1"

          ebs_block_device {
            device_name = "/dev/sdb"
            volume_size = 10
          }
        }

        """)

    live = try self.live("aws_instance.app", files) { values in
      let extra: Value = ["device_name": "/dev/sdd", "volume_size": 5, "encrypted": true, "iops": .null]
      return HCLBackportFixture.setting(
        values, ["ebs_block_device"], to: .list(values["ebs_block_device"]!.list! + [extra]))
    }
    outcome = try HCLBackportFixture.backport(
      files, address: "aws_instance.app", live: live, path: "ebs_block_device[2]")
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(
          of: "    volume_size = 50\n  }\n",
          with: """
                volume_size = 50
              }

              ebs_block_device {
                device_name = "/dev/sdd"
                volume_size = 5
                encrypted   = true
              }

            """))
  }

  @Test func removedSourceLeavesAMultiLineListWithItsComment() throws {
    let text = """
      resource "aws_security_group" "db" {
        name = "db"

        ingress {
          from_port = 5432
          to_port   = 5432
          protocol  = "tcp"
          cidr_blocks = [
            "10.1.0.0/16",
            # The old office; gone since May.
            "192.0.2.0/24", # office
          ]
        }
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_security_group.db", files) { values in
      let rule = HCLBackportFixture.setting(values["ingress"]!.list![0], ["cidr_blocks"], to: ["10.1.0.0/16"])
      return HCLBackportFixture.setting(values, ["ingress"], to: [rule])
    }
    let outcome = try HCLBackportFixture.backport(
      files, address: "aws_security_group.db", live: live,
      path: #"ingress[protocol=tcp,from_port=5432,to_port=5432,cidr_blocks="192.0.2.0/24"]"#)
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(
          of: "      # The old office; gone since May.\n      \"192.0.2.0/24\", # office\n", with: ""))
  }

  @Test func addedKeyOfAMapFromAVariableGoesIntoItsDefault() throws {
    let text = """
      variable "tags" {
        type = map(string)
        default = {
          team = "platform"
        }
      }

      resource "aws_s3_bucket" "assets" {
        bucket = "assets"
        tags   = var.tags
      }

      """
    let files = ["main.tf": text]
    let live = try live("aws_s3_bucket.assets", files) {
      HCLBackportFixture.setting($0, ["tags", "scanned-by"], to: "guard")
    }
    let outcome = try HCLBackportFixture.backport(
      files, address: "aws_s3_bucket.assets", live: live, path: "tags.scanned-by")
    #expect(
      outcome.texts["main.tf"]
        == text.replacingOccurrences(
          of: "    team = \"platform\"\n", with: "    team = \"platform\"\n    scanned-by = \"guard\"\n"))
  }

  @Test func changedTagComputedByATemplateNamesIt() throws {
    let files = [
      "main.tf": """
      locals {
        name = "shop"
      }

      resource "aws_s3_bucket" "assets" {
        bucket = "assets"
        tags = merge({ team = "platform" }, {
          Name = "${local.name}-assets"
        })
      }

      """
    ]
    let live = try live("aws_s3_bucket.assets", files) { HCLBackportFixture.setting($0, ["tags", "Name"], to: "x") }
    let reason = try HCLBackportFixture.refusal(files, address: "aws_s3_bucket.assets", live: live, path: "tags.Name")
    #expect(reason == "the value is computed by `\"${local.name}-assets\"` at main.tf:8; edit it by hand")
  }

  // MARK: Renderer

  @Test func rendererQuotesAndAligns() {
    #expect(HCLRenderer.quoted("a\"b\\c\n${x} %{y} $z") == #""a\"b\\c\n$${x} %%{y} $z""#)
    #expect(HCLRenderer.key("scanned-by") == "scanned-by")
    #expect(HCLRenderer.key("a.b") == "\"a.b\"")
    #expect(
      HCLRenderer.attributeLines([("a", 1), ("long_name", "x"), ("m", ["k": "v"]), ("b", true)], indent: "  ")
        == ["  a         = 1", "  long_name = \"x\"", "  m = {", "    k = \"v\"", "  }", "  b = true"])
  }
}
