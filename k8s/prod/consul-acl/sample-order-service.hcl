# ACL policy for sample-order-service: register (and deregister) itself, read the services it calls and their health.
#   consul acl policy create -name sample-order-service -rules @k8s/prod/consul-acl/sample-order-service.hcl
service "sample-order-service" {
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
