# ACL policy for sample-user-service: register (and deregister) itself, read the services it calls and their health.
#   consul acl policy create -name sample-user-service -rules @k8s/prod/consul-acl/sample-user-service.hcl
service "sample-user-service" {
  policy = "write"
}
service_prefix "" {
  policy = "read"
}
node_prefix "" {
  policy = "read"
}
agent_prefix "" {
  policy = "read"
}
