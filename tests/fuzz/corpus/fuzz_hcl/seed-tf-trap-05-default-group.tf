# Trap 5: instances launched without a security group get the VPC's default
# group, which admits all traffic from its own members. The three workers
# (count) name no group, so each reaches the others on every port, here
# Redis; the cache names its own group and admits only the web tier's subnet.

variable "worker_count" {
  type    = number
  default = 3
}

resource "aws_vpc" "main" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_subnet" "workers" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.50.1.0/24"
}

resource "aws_instance" "worker" {
  count         = var.worker_count
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.small"
  subnet_id     = aws_subnet.workers.id
  tags          = { Name = "worker-${count.index}" }
}

resource "aws_security_group" "cache" {
  name   = "cache"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 6379
    to_port     = 6379
    protocol    = "tcp"
    cidr_blocks = ["10.50.9.0/24"]
  }
}

resource "aws_instance" "cache" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "r6g.large"
  subnet_id              = aws_subnet.workers.id
  private_ip             = "10.50.1.10"
  vpc_security_group_ids = [aws_security_group.cache.id]
}
