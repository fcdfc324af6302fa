import Foundation
import Testing

@testable import DriftbackSyntax

/// A throughput report, not a timed assertion: set `DRIFTBACK_HCL_THROUGHPUT=1` and run in release
/// (`swift test -c release --filter HCLThroughput`) to print how long a generated 5 MB `.tf` file takes.
@Suite("HCL throughput")
struct HCLThroughputTests {
  static let enabled = ProcessInfo.processInfo.environment["DRIFTBACK_HCL_THROUGHPUT"] == "1"

  /// A realistic Terraform file of at least `bytes` bytes.
  static func generate(bytes: Int) -> String {
    var text = "terraform {\n  required_version = \">= 1.5\"\n}\n\n"
    var index = 0
    while text.utf8.count < bytes {
      text += """
        # Bucket \(index)
        resource "aws_s3_bucket" "b\(index)" {
          bucket        = "logs-${var.env}-\(index)"
          force_destroy = var.env != "prod" && \(index) % 2 == 0
          tags = merge(local.tags, {
            Name  = "b\(index)"
            Index = \(index)
          })
          lifecycle {
            ignore_changes = [tags["Owner"], versioning[0].enabled]
          }
        }

        locals {
          names_\(index) = [for k, v in var.map_\(index) : upper(v) if k != ""]
          arns_\(index)  = aws_instance.web[*].arn
          policy_\(index) = <<-EOT
            {"Version": "2012-10-17", "Id": "${count.index}"}
          EOT
        }


        """
      index += 1
    }
    return text
  }

  @Test(.enabled(if: enabled)) func parseFiveMegabytes() throws {
    let source = DriftbackSyntax.SourceFile(path: "big.tf", text: Self.generate(bytes: 5 * 1024 * 1024))
    let clock = ContinuousClock()
    var file: HCLFile?
    let elapsed = try clock.measure { file = try HCLParser().parse(source) }
    let blocks = file?.body.blocks.count ?? 0
    print(
      "HCL throughput: parsed \(source.bytes.count) bytes (\(blocks) top-level blocks, \(file?.tokens.count ?? 0) tokens) in \(elapsed)"
    )
    #expect(file?.reemitted == source.bytes)
  }
}
