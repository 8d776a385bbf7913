# The machines and their security groups.
#
# prod: a bastion with an Elastic IP, reached over SSH from the office
# (198.51.100.0/24); an application server reached from the bastion; the
# PostgreSQL database (RDS, Multi-AZ over both data subnets) reached by the
# application server. test: the CI runner, which opens connections only.

locals {
  office_cidr = "198.51.100.0/24"
  ami         = "ami-0a1b2c3d4e5f60718"
}

# --- prod ---------------------------------------------------------------------

resource "aws_security_group" "bastion" {
  name        = "prod-bastion"
  description = "Bastion host"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-bastion" }

  ingress {
    description = "SSH from the office"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [local.office_cidr]
  }

  egress {
    description = "SSH into the VPC"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.prod.cidr_block]
  }

  egress {
    description = "HTTPS out: the SSM agent and package updates"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "app" {
  name        = "prod-app"
  description = "Application servers"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-app" }

  ingress {
    description     = "SSH from the bastion"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    description = "Everything out (PostgreSQL, HTTPS through the NAT gateway)"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name        = "prod-db"
  description = "PostgreSQL"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-db" }

  ingress {
    description     = "PostgreSQL from the app tier"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

resource "aws_instance" "bastion" {
  ami                    = local.ami
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.prod_public.id
  private_ip             = "10.10.0.10"
  vpc_security_group_ids = [aws_security_group.bastion.id]
  tags                   = { Name = "prod-bastion", Role = "bastion" }
}

resource "aws_eip" "bastion" {
  domain   = "vpc"
  instance = aws_instance.bastion.id
  tags     = { Name = "prod-bastion" }
}

resource "aws_instance" "app" {
  ami                    = local.ami
  instance_type          = "m6i.large"
  subnet_id              = aws_subnet.prod_app.id
  private_ip             = "10.10.10.10"
  vpc_security_group_ids = [aws_security_group.app.id]
  tags                   = { Name = "prod-app", Role = "app" }
}

resource "aws_db_subnet_group" "prod" {
  name       = "prod-data"
  subnet_ids = [aws_subnet.prod_data_a.id, aws_subnet.prod_data_b.id]
}

resource "aws_db_instance" "prod" {
  identifier                  = "prod-db"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  storage_encrypted           = true
  multi_az                    = true
  username                    = "app"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.prod.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  publicly_accessible         = false
  tags                        = { Name = "prod-db" }
}

# --- test ---------------------------------------------------------------------

resource "aws_security_group" "ci" {
  name        = "test-ci"
  description = "CI runner"
  vpc_id      = aws_vpc.test.id
  tags        = { Name = "test-ci" }

  egress {
    description = "Everything out"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "ci" {
  ami                    = local.ami
  instance_type          = "c6i.xlarge"
  subnet_id              = aws_subnet.test_app.id
  private_ip             = "10.20.10.10"
  vpc_security_group_ids = [aws_security_group.ci.id]
  tags                   = { Name = "test-ci", Role = "ci" }
}
