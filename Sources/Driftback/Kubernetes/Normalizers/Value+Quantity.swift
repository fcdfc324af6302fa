// Quantity helpers for the normalizers: the live side takes the IaC spelling of an equal amount.

extension Value {
  /// Replaces this live value by the IaC value when both are the same quantity, so that the IaC spelling
  /// wins (`500m` live against `0.5` in the IaC compares equal). The live span is kept.
  public mutating func adoptQuantitySpelling(of iac: Value?) {
    guard let iac, let live = KubernetesQuantity(value: self), let declared = KubernetesQuantity(value: iac),
      live == declared
    else { return }
    kind = iac.kind
  }

  /// ``adoptQuantitySpelling(of:)`` for every entry of the live map stored under each of `keys`
  /// (`requests`, `limits`, `hard`), against the IaC entry of the same name.
  public mutating func adoptQuantitySpellings(in keys: [String], iac: Value?) {
    for key in keys {
      withPair([key], iac: iac) { quantities, iacQuantities in
        guard let iacQuantities else { return }
        quantities.withMap { map in
          for index in map.entries.indices {
            map.entries[index].value.adoptQuantitySpelling(of: iacQuantities[map.entries[index].key])
          }
        }
      }
    }
  }
}
