vpcs = {
  shared    = { cidr = "10.80.0.0/16", env = "shared" }
  analytics = { cidr = "10.81.0.0/16", env = "prod" }
  ci        = { cidr = "10.82.0.0/16", env = "test" }
}
