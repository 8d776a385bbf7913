resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# A hundred million subnets: refused before any is made.
resource "aws_subnet" "many" {
  count      = 100000000
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}
