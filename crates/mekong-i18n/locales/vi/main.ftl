## Page shell
site-name = Mekong
shell-skip-to-content = Chuyển đến nội dung
shell-languages = Ngôn ngữ
shell-main-navigation = Điều hướng chính
shell-breadcrumb = Đường dẫn điều hướng
shell-funder-statement = Với sự hỗ trợ tài chính của Liên minh châu Âu (quan hệ đối tác chiến lược AIMF – EU, SGA4).
shell-footer-network = Mạng lưới AIMF các thành phố Đông Nam Á
shell-api = API mở
nav-home = Trang chủ
nav-cities = Thành phố thành viên
flash-language-changed = Đã thay đổi ngôn ngữ.

## Home
home-title = Mạng lưới các thành phố Đông Nam Á
home-lead = Mekong tập hợp hoạt động của mạng lưới AIMF gồm các thành phố của Campuchia, Lào và Việt Nam: thành phố thành viên, các cuộc họp, dự án, kết quả và báo cáo.
home-member-cities = Thành phố thành viên
home-countries = Quốc gia
home-see-cities = Xem các thành phố thành viên

## Member cities
cities-title = Thành phố thành viên
cities-intro = Các chính quyền địa phương thành viên AIMF của Campuchia, Lào và Việt Nam, kèm theo nguồn của từng thông tin.
cities-caption = Các thành phố thành viên của mạng lưới
city-name = Tên
city-local-name = Tên bằng chữ viết địa phương
city-name-fr = Tên bằng tiếng Pháp
city-name-en = Tên bằng tiếng Anh
city-code = Mã
city-country = Quốc gia
city-region = Vùng hành chính
city-population = Dân số
city-population-year = năm { $year }
city-coordinates = Tọa độ (vĩ độ, kinh độ)
city-sources = Nguồn
city-unknown = Không rõ
city-unverified = đã công bố gia nhập
city-unverified-explained = Việc gia nhập của chính quyền địa phương này đã được công bố, nhưng chưa có nguồn công khai nào xác nhận.
country-KH = Campuchia
country-LA = Lào
country-VN = Việt Nam

## Errors
error-code-label = Mã:
error-request-label = Yêu cầu:
error-back-home = Quay lại trang chủ
error-not-found-title = Không tìm thấy trang
error-not-found = Trang bạn yêu cầu không tồn tại hoặc đã được chuyển đi.
error-unauthenticated-title = Yêu cầu đăng nhập
error-unauthenticated = Vui lòng đăng nhập để truy cập trang này.
error-forbidden-title = Truy cập bị từ chối
error-forbidden = Bạn không có quyền cần thiết để thực hiện thao tác này.
error-validation-title = Dữ liệu không hợp lệ
error-validation = Một số thông tin đã nhập không hợp lệ. Vui lòng sửa các trường được đánh dấu.
error-conflict-title = Thay đổi xung đột
error-conflict = Bản ghi này đã bị người khác thay đổi kể từ khi bạn mở.
error-unavailable-title = Dịch vụ không khả dụng
error-unavailable = Cơ sở dữ liệu không phản hồi. Vui lòng thử lại sau giây lát.
error-internal-title = Lỗi nội bộ
error-internal = Đã xảy ra lỗi ngoài dự kiến. Lỗi đã được ghi lại; vui lòng cung cấp mã yêu cầu khi liên hệ bộ phận hỗ trợ.
error-duplicate = Giá trị này đã được sử dụng.
error-city-code = Mã thành phố không hợp lệ: hai chữ cái chỉ quốc gia, một dấu gạch ngang và ba chữ cái (ví dụ KH-PNH).
error-country = Quốc gia không xác định: vui lòng dùng KH, LA hoặc VN.
