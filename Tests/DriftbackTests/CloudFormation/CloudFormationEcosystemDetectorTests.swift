import Testing

@testable import Driftback

@Suite("Ecosystem detection of CloudFormation captures")
struct CloudFormationEcosystemDetectorTests {
  func detect(_ path: String, _ text: String) -> Ecosystem? {
    EcosystemDetector.detect(path: path, prefix: Array(text.utf8))
  }

  @Test func selfDescribingOutputs() {
    #expect(detect("cf/drift.json", "{\n    \"StackResourceDrifts\": []\n}") == .cloudformation)
    #expect(detect("cf/sg.json", "{\n    \"SecurityGroups\": []\n}") == .cloudformation)
    #expect(detect("cf/stacks.json", "{\n    \"Stacks\": []\n}") == .cloudformation)
    #expect(detect("cf/vpcs.json", "{\n    \"Vpcs\": []\n}") == .cloudformation)
    #expect(detect("cf/role.json", "{\n    \"Role\": {\n        \"Path\": \"/\"}}") == .cloudformation)
    #expect(detect("cf/role.json", "{\"Role\":{\"Path\":\"/\"}}") == .cloudformation)
    #expect(detect("cf/attached.json", "{\n    \"AttachedPolicies\": []\n}") == .cloudformation)
    #expect(detect("cf/tags.json", "{\n    \"TagSet\": []\n}") == .cloudformation)
    #expect(detect("params.json", "[{\"ParameterKey\": \"Env\", \"ParameterValue\": \"prod\"}]") == .cloudformation)
    #expect(detect("cf/sg.yaml", "SecurityGroups:\n- GroupId: sg-1\n") == .cloudformation)
    #expect(detect("cf/drift.yml", "StackResourceDrifts: []\n") == .cloudformation)
  }

  @Test func outputsThatDoNotNameTheirResourceGoByPath() {
    #expect(
      detect("snap/cloudformation/s3/b/get-bucket-versioning.json", "{\"Status\": \"Enabled\"}") == .cloudformation)
    #expect(detect("snap/cloudformation/s3/b/get-bucket-versioning.json", "") == .cloudformation)
    #expect(detect("snap/cloudformation/s3/b/get-public-access-block.json", "{}") == .cloudformation)
    #expect(detect("snap/cloudformation/iam/r/list-role-policies.json", "{\"PolicyNames\": []}") == .cloudformation)
    #expect(detect("snap/cloudformation/iam/r/get-role-policy-x.json", "{\"RoleName\": \"r\"}") == .cloudformation)
    // Only under s3/ or iam/, and only get-/list- names.
    #expect(detect("snap/other/get-bucket-versioning.json", "{\"Status\": \"Enabled\"}") == .kubernetes)
    #expect(detect("snap/s3/b/status.json", "{\"Status\": \"Enabled\"}") == .kubernetes)
  }

  @Test func kubernetesStaysKubernetes() {
    let roleBinding = """
      {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
       "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"}}
      """
    #expect(detect("k8s/binding.json", roleBinding) == .kubernetes)
    #expect(
      detect("k8s/role.json", "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\"}") == .kubernetes)
    #expect(detect("k8s/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nrules: []\n") == .kubernetes)
    #expect(
      detect("k8s/binding.yaml", "kind: RoleBinding\nroleRef:\n  kind: Role\n  name: reader\n") == .kubernetes)
    #expect(detect("deploy/iam/get-reader.yaml", "apiVersion: v1\nkind: ConfigMap\n") == .kubernetes)
    #expect(detect("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  Stacks: two\n") == .kubernetes)
  }
}
