import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct TerraformJSONConfigurationTests {
  /// The sample's security group and public-access block (iac-samples/terraform/main.tf), in native syntax.
  static let native = """
    locals {
      name = "shop"
    }

    resource "aws_security_group" "web" {
      name        = "${local.name}-web"
      description = "Shop web tier"

      ingress {
        description      = "HTTPS from anywhere"
        from_port        = 443
        to_port          = 443
        protocol         = "tcp"
        cidr_blocks      = ["0.0.0.0/0"]
        ipv6_cidr_blocks = ["::/0"]
      }

      ingress {
        description = "SSH for operators"
        from_port   = 22
        to_port     = 22
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0"]
      }

      egress {
        description = "All outbound"
        from_port   = 0
        to_port     = 0
        protocol    = "-1"
        cidr_blocks = ["0.0.0.0/0"]
      }

      tags = { Name = "${local.name}-web", Team = "shop" }
    }

    resource "aws_s3_bucket_public_access_block" "assets" {
      bucket = "shop-assets"

      block_public_acls       = false
      block_public_policy     = false
      ignore_public_acls      = false
      restrict_public_buckets = false
    }
    """

  /// The same configuration in JSON syntax.
  static let json = """
    {
      "//": "the sample's security group and public-access block",
      "locals": { "name": "shop" },
      "resource": {
        "aws_security_group": {
          "web": {
            "name": "${local.name}-web",
            "description": "Shop web tier",
            "ingress": [
              {
                "description": "HTTPS from anywhere",
                "from_port": 443,
                "to_port": 443,
                "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"],
                "ipv6_cidr_blocks": ["::/0"]
              },
              {
                "description": "SSH for operators",
                "from_port": 22,
                "to_port": 22,
                "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"]
              }
            ],
            "egress": {
              "description": "All outbound",
              "from_port": 0,
              "to_port": 0,
              "protocol": "-1",
              "cidr_blocks": ["0.0.0.0/0"]
            },
            "tags": { "Name": "${local.name}-web", "Team": "shop" }
          }
        },
        "aws_s3_bucket_public_access_block": {
          "assets": {
            "bucket": "shop-assets",
            "block_public_acls": false,
            "block_public_policy": false,
            "ignore_public_acls": false,
            "restrict_public_buckets": false
          }
        }
      }
    }
    """

  @Test func sampleResourcesEvaluateLikeNativeSyntax() throws {
    let fromNative = try TerraformConfigurationFixture.inline(["main.tf": Self.native])
    let fromJSON = try TerraformConfigurationFixture.inline(["main.tf.json": Self.json])
    for address in ["aws_security_group.web", "aws_s3_bucket_public_access_block.assets"] {
      let native = try #require(fromNative.instance(address))
      let json = try #require(fromJSON.instance(address), "no \(address) from JSON")
      #expect(json.values == native.values, "\(address)")
      #expect(json.blockKeys == native.blockKeys, "\(address)")
      #expect(json.unknownPaths == native.unknownPaths, "\(address)")
      #expect(json.file == "main.tf.json")
    }
    #expect(fromJSON.declaredResources.map(\.address) == fromNative.declaredResources.map(\.address))
    #expect(!fromJSON.diagnostics.contains { $0.message.contains("not read yet") })
  }

  @Test func templatesAndExpressions() throws {
    let json = """
      {
        "variable": {
          "env": { "type": "string", "default": "prod" },
          "ports": { "type": "list(number)", "default": [80, 443] }
        },
        "resource": {
          "aws_s3_bucket": {
            "b": {
              "bucket": "${var.env}-data-${upper(var.env)}",
              "tags": { "Env": "${var.env}", "Escaped": "$${literal}", "Slash": "a\\\\b" },
              "count_like": "${length(var.ports)}",
              "ports": "${var.ports}",
              "lifecycle": { "ignore_changes": ["tags"] }
            }
          }
        }
      }
      """
    let configuration = try TerraformConfigurationFixture.inline(["main.tf.json": json])
    let bucket = try #require(configuration.instance("aws_s3_bucket.b"))
    #expect(bucket.values.value(at: ["bucket"]) == ("prod-data-PROD" as Value))
    #expect(bucket.values.value(at: ["tags", "Env"]) == ("prod" as Value))
    #expect(bucket.values.value(at: ["tags", "Escaped"]) == ("${literal}" as Value))
    #expect(bucket.values.value(at: ["tags", "Slash"]) == ("a\\b" as Value))
    #expect(bucket.values.value(at: ["count_like"]) == (2 as Value))
    #expect(bucket.values.value(at: ["ports"]) == ([80, 443] as Value))
    // The origin of a value points into the JSON file, and templates are not back-portable.
    let origin = try #require(bucket.origins[ValuePath([.key("bucket")])])
    #expect(origin.file == "main.tf.json")
    #expect(!origin.isBackportable)
    let source = SourceFile(path: "main.tf.json", text: json)
    #expect(source.text(origin.span) == "\"${var.env}-data-${upper(var.env)}\"")
  }

  @Test func interpolationSpansPointIntoTheJSONFile() throws {
    let text = #"{"locals": {"a": "x-${var.y}"}}"#
    let file = SourceFile(path: "l.tf.json", text: text)
    let body = try TerraformJSONConfiguration.body(of: file)
    let attribute = try #require(body.blocks(ofType: "locals").first?.body.attribute(named: "a"))
    guard case .template(let template) = attribute.expression.kind else {
      Issue.record("not a template: \(attribute.expression.kind)")
      return
    }
    #expect(template.parts.count == 2)
    if case .interpolation(let interpolation)? = template.parts.last {
      #expect(file.text(interpolation.expression.span) == "var.y")
    } else {
      Issue.record("no interpolation")
    }
  }

  @Test func malformedJSONGivesALocatedDiagnostic() throws {
    let json = "{\n  \"resource\": {\n    \"aws_s3_bucket\": { \"b\": { \"bucket\": \"x\", } }\n  }\n}\n"
    do {
      _ = try TerraformConfigurationFixture.inline(["main.tf.json": json])
      Issue.record("no error")
    } catch let diagnostic as Diagnostic {
      let location = try #require(diagnostic.location)
      #expect(location.file == "main.tf.json")
      #expect(location.line == 3)
      #expect(location.column > 1)
      #expect(diagnostic.rendered.hasPrefix("main.tf.json:3:"))
    }
  }

  @Test func badTemplateInsideAStringIsLocatedInTheJSONFile() throws {
    let json = "{\n  \"locals\": {\n    \"a\": \"x-${var.}\"\n  }\n}\n"
    do {
      _ = try TerraformConfigurationFixture.inline(["main.tf.json": json])
      Issue.record("no error")
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.location?.file == "main.tf.json")
      #expect(diagnostic.location?.line == 3)
    }
  }

  @Test func wrongShapeIsAnError() throws {
    let json = "{\n  \"resource\": \"nope\"\n}\n"
    #expect(throws: Diagnostic.self) {
      _ = try TerraformConfigurationFixture.inline(["main.tf.json": json])
    }
  }

  @Test func backPortsRefuseJSONFiles() throws {
    let json = """
      {"resource": {"aws_s3_bucket": {"b": {"bucket": "data", "tags": {"Team": "a"}}}}}
      """
    let files = ["main.tf.json": json]
    var live = try #require(
      TerraformConfigurationFixture.inline(files).instance("aws_s3_bucket.b")?.values)
    live = HCLBackportFixture.setting(live, ["tags", "Team"], to: ("b" as Value))
    let reason = try HCLBackportFixture.refusal(
      files, address: "aws_s3_bucket.b", live: live, path: "tags.Team")
    #expect(!reason.isEmpty)
  }
}
