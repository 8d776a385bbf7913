# A web application in one VPC over two availability zones: web servers with
# public addresses in the public subnets (no load balancer), application
# servers in the private subnets, and a PostgreSQL database (RDS, Multi-AZ)
# in the data subnets. The network itself is the local module
# modules/network.

locals {
  tags = { Env = var.environment, App = "webapp" }

  web_count = var.web_instances_per_az * length(var.availability_zones)
  app_count = var.app_instances_per_az * length(var.availability_zones)
}

module "network" {
  source = "./modules/network"

  name               = "webapp-${var.environment}"
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones
  tags               = local.tags
}

resource "aws_instance" "web" {
  count                       = local.web_count
  ami                         = var.ami_id
  instance_type               = "t3.small"
  subnet_id                   = module.network.public_subnet_ids[count.index % length(var.availability_zones)]
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
  tags                        = merge(local.tags, { Name = "web-${count.index}", Role = "web" })
}

resource "aws_instance" "app" {
  count                  = local.app_count
  ami                    = var.ami_id
  instance_type          = "t3.medium"
  subnet_id              = module.network.private_subnet_ids[count.index % length(var.availability_zones)]
  vpc_security_group_ids = [aws_security_group.app.id]
  tags                   = merge(local.tags, { Name = "app-${count.index}", Role = "app" })
}

resource "aws_db_subnet_group" "db" {
  name       = "webapp-${var.environment}"
  subnet_ids = module.network.data_subnet_ids
  tags       = local.tags
}

resource "aws_db_instance" "db" {
  identifier                  = "webapp-${var.environment}"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  storage_encrypted           = true
  multi_az                    = true
  username                    = "webapp"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.db.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  publicly_accessible         = false
  skip_final_snapshot         = false
  tags                        = merge(local.tags, { Role = "db" })
}
