public import DriftbackSyntax

/// The live picture of a Terraform estate, read from one of the three files Terraform itself writes:
/// a state file (format version 4), `terraform show -json` of a state, or `terraform show -json` of a
/// plan (normally `terraform plan -refresh-only`), whose `prior_state` is the refreshed state.
///
/// All three formats load to the same instances: the same addresses, attribute values and sensitive
/// paths, so a capture may be taken with whichever command the user already runs.
public struct TerraformLiveState: Sendable {
  /// Which kind of file the state was read from.
  public enum Format: String, Sendable {
    /// A `terraform.tfstate` file, format version 4 (Terraform 0.12 and later).
    case stateV4 = "state-v4"
    /// `terraform show -json` of a state.
    case showJSON = "show-json"
    /// `terraform show -json` of a plan; the instances are its `prior_state`.
    case refreshOnlyPlan = "refresh-only-plan"
  }

  /// The format the file was written in.
  public var format: Format
  /// The Terraform version that wrote the file, when it says.
  public var terraformVersion: String?
  /// Every current resource instance, sorted by address (plain string order); deposed objects (left
  /// behind by a failed create-before-destroy replacement) are skipped.
  public var instances: [TerraformLiveInstance]
  /// For a plan: the addresses in `resource_drift`, the objects that changed outside Terraform since
  /// the state was last stored. `nil` for the other formats, which cannot tell.
  public var driftedAddresses: Set<String>?
  /// The names of the root module outputs marked sensitive, sorted.
  public var sensitiveOutputs: [String]

  /// Creates a live state.
  public init(
    format: Format, terraformVersion: String?, instances: [TerraformLiveInstance],
    driftedAddresses: Set<String>?, sensitiveOutputs: [String]
  ) {
    self.format = format
    self.terraformVersion = terraformVersion
    self.instances = instances
    self.driftedAddresses = driftedAddresses
    self.sensitiveOutputs = sensitiveOutputs
  }

  /// The instance with a Terraform address, if any.
  public func instance(at address: String) -> TerraformLiveInstance? {
    instances.first { $0.address == address }
  }

  /// Detects the format from the content (not the file name) and reads it.
  ///
  /// Unknown keys are ignored, so files from newer Terraform versions load as long as the keys read
  /// here keep their meaning.
  /// - Parameter file: the JSON text of a state file, a `show -json` state or a `show -json` plan.
  /// - Returns: the instances, sorted by address.
  /// - Throws: a `Diagnostic` with file/line/column for malformed or truncated JSON, or for JSON that is
  ///   none of the three formats ("not a Terraform state, show -json or plan JSON file"); also for a state
  ///   format other than version 4, legacy `attributes_flat` instances, and a plan without `prior_state`.
  ///   The diagnostics carry no source line: state and plan files hold sensitive values in plain text,
  ///   and a snippet of a one-line `show -json` file would print them.
  public static func load(_ file: SourceFile) throws -> TerraformLiveState {
    do {
      let document = try JSONParser().parse(file)
      guard let root = document.root else {
        throw Diagnostic(.error, TerraformLiveStateReader.notTerraform, in: file, at: 0)
      }
      return try TerraformLiveStateReader(file: file).read(root)
    } catch var diagnostic as Diagnostic {
      diagnostic.sourceLine = nil
      throw diagnostic
    }
  }
}
